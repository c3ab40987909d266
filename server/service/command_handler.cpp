// The command handler (see command_handler.hpp): facts in, decision by the domain, events out.
#include "service/command_handler.hpp"

#include <variant>

#include "domain/audit.hpp"

namespace samrad::service {

namespace {

domain::CreateRoundFacts facts_for(store::WriteTransaction& tx, const domain::CreateRound& cmd,
                                   domain::Timestamp now) {
  domain::CreateRoundFacts facts{
      .new_round = tx.new_id(store::Entity::round), .invited = {}, .new_threads = {}, .now = now};
  // Bounded by the domain's own limits: what is over them is refused without being looked up.
  if (cmd.invited.size() <= domain::max_invited) {
    for (const auto id : cmd.invited) facts.invited.push_back(tx.organisation(id));
  }
  if (cmd.agenda.size() <= domain::max_agenda_items) {
    for (std::size_t i = 0; i < cmd.agenda.size(); ++i) {
      facts.new_threads.push_back(tx.new_id(store::Entity::thread));
    }
  }
  return facts;
}

domain::CreateThreadFacts facts_for(store::WriteTransaction& tx, const domain::CreateThread& cmd,
                                    domain::Timestamp now) {
  return {.round = tx.round(cmd.round), .new_thread = tx.new_id(store::Entity::thread), .now = now};
}

domain::CreatePostFacts facts_for(store::WriteTransaction& tx, const domain::CreatePost& cmd,
                                  domain::Timestamp now) {
  return {
      .round = tx.round(cmd.round),
      .thread = tx.thread(cmd.thread),
      .reply_to = cmd.reply_to ? tx.post(*cmd.reply_to) : std::nullopt,
      .new_post = tx.new_id(store::Entity::post),
      .now = now,
  };
}

std::size_t ministries_invited(store::WriteTransaction& tx,
                               const std::optional<domain::RoundAccess>& round) {
  std::size_t count = 0;
  if (!round) return count;
  for (const auto id : round->invited) {
    const auto invited = tx.organisation(id);
    if (invited && invited->organisation.kind == domain::OrganisationKind::ministry) ++count;
  }
  return count;
}

domain::RoundFacts round_facts(store::WriteTransaction& tx, domain::RoundId round,
                               domain::Timestamp now) {
  return {.round = tx.round(round), .now = now, .ministries_invited = 0};
}

domain::RoundFacts facts_for(store::WriteTransaction& tx, const domain::ChangePhase& cmd,
                             domain::Timestamp now) {
  auto facts = round_facts(tx, cmd.round, now);
  facts.ministries_invited = ministries_invited(tx, facts.round);
  facts.outcome_version = tx.outcome_version(cmd.round);
  return facts;
}

domain::RoundFacts facts_for(store::WriteTransaction& tx, const domain::SetSchedule& cmd,
                             domain::Timestamp now) {
  return round_facts(tx, cmd.round, now);
}

domain::RoundFacts facts_for(store::WriteTransaction& tx, const domain::CloseAtClosingTime& cmd,
                             domain::Timestamp now) {
  return round_facts(tx, cmd.round, now);
}

domain::RoundFacts facts_for(store::WriteTransaction& tx, const domain::ReviseProposal& cmd,
                             domain::Timestamp now) {
  return round_facts(tx, cmd.round, now);
}

domain::InvitationFacts invitation_facts(store::WriteTransaction& tx, domain::RoundId round_id,
                                         domain::OrganisationId organisation) {
  auto round = tx.round(round_id);
  const auto ministries = ministries_invited(tx, round);
  return {.round = std::move(round),
          .organisation = tx.organisation(organisation),
          .ministries_invited = ministries};
}

domain::InvitationFacts facts_for(store::WriteTransaction& tx,
                                  const domain::InviteOrganisation& cmd, domain::Timestamp) {
  return invitation_facts(tx, cmd.round, cmd.organisation);
}

domain::InvitationFacts facts_for(store::WriteTransaction& tx,
                                  const domain::WithdrawInvitation& cmd, domain::Timestamp) {
  return invitation_facts(tx, cmd.round, cmd.organisation);
}

domain::ProposeAgendaItemFacts facts_for(store::WriteTransaction& tx,
                                         const domain::ProposeAgendaItem& cmd,
                                         domain::Timestamp now) {
  return {.round = tx.round(cmd.round), .new_thread = tx.new_id(store::Entity::thread), .now = now};
}

// Decide, move, lock and pin name a thread; move names one more thread and pin a post.
domain::ThreadCommandFacts thread_facts(store::WriteTransaction& tx, domain::RoundId round,
                                        domain::ThreadId thread, domain::Timestamp now) {
  return {.round = tx.round(round),
          .thread = tx.thread(thread),
          .before = std::nullopt,
          .post = std::nullopt,
          .now = now};
}

domain::ThreadCommandFacts facts_for(store::WriteTransaction& tx,
                                     const domain::DecideAgendaItem& cmd, domain::Timestamp now) {
  return thread_facts(tx, cmd.round, cmd.thread, now);
}

domain::ThreadCommandFacts facts_for(store::WriteTransaction& tx, const domain::LockThread& cmd,
                                     domain::Timestamp now) {
  return thread_facts(tx, cmd.round, cmd.thread, now);
}

domain::ThreadCommandFacts facts_for(store::WriteTransaction& tx, const domain::MoveThread& cmd,
                                     domain::Timestamp now) {
  auto facts = thread_facts(tx, cmd.round, cmd.thread, now);
  if (cmd.before) facts.before = tx.thread(*cmd.before);
  return facts;
}

domain::ThreadCommandFacts facts_for(store::WriteTransaction& tx, const domain::PinPost& cmd,
                                     domain::Timestamp now) {
  auto facts = thread_facts(tx, cmd.round, cmd.thread, now);
  if (cmd.post) facts.post = tx.post(*cmd.post);
  return facts;
}

domain::PostCommandFacts post_facts(store::WriteTransaction& tx, domain::RoundId round,
                                    domain::PostId post_id, domain::Timestamp now) {
  auto post = tx.post(post_id);
  auto thread = post ? tx.thread(post->thread) : std::nullopt;
  return {.round = tx.round(round),
          .post = std::move(post),
          .thread = std::move(thread),
          .open_reports = {},
          .new_report = 0,
          .now = now};
}

domain::PostCommandFacts facts_for(store::WriteTransaction& tx, const domain::EditPost& cmd,
                                   domain::Timestamp now) {
  return post_facts(tx, cmd.round, cmd.post, now);
}

domain::PostCommandFacts facts_for(store::WriteTransaction& tx, const domain::HidePost& cmd,
                                   domain::Timestamp now) {
  auto facts = post_facts(tx, cmd.round, cmd.post, now);
  if (facts.post) facts.open_reports = tx.open_reports(cmd.post);
  return facts;
}

domain::PostCommandFacts facts_for(store::WriteTransaction& tx, const domain::UnhidePost& cmd,
                                   domain::Timestamp now) {
  return post_facts(tx, cmd.round, cmd.post, now);
}

domain::PostCommandFacts facts_for(store::WriteTransaction& tx, const domain::ReportPost& cmd,
                                   domain::Timestamp now) {
  auto facts = post_facts(tx, cmd.round, cmd.post, now);
  if (facts.post) facts.open_reports = tx.open_reports(cmd.post);
  facts.new_report = tx.new_id(store::Entity::report);
  return facts;
}

domain::DismissReportFacts facts_for(store::WriteTransaction& tx, const domain::DismissReport& cmd,
                                     domain::Timestamp now) {
  return {.round = tx.round(cmd.round), .report = tx.report(cmd.report), .now = now};
}

domain::ReminderFacts facts_for(store::WriteTransaction& tx, const domain::SendReminder& cmd,
                                domain::Timestamp now) {
  return {.round = tx.round(cmd.round),
          .organisation = tx.organisation(cmd.organisation),
          .position_version = tx.position_version(cmd.round, cmd.organisation),
          .now = now};
}

domain::PositionFacts facts_for(store::WriteTransaction& tx, const domain::StatePosition& cmd,
                                domain::Timestamp now, const domain::Person& actor) {
  domain::PositionFacts facts{
      .round = tx.round(cmd.round),
      .current_version = tx.position_version(cmd.round, actor.organisation.id),
      .points = {},
      .now = now};
  // Bounded by the domain's own limit: what is over it is refused without being looked up.
  if (cmd.points.size() <= domain::max_position_points) {
    for (const auto& point : cmd.points) facts.points.push_back(tx.thread(point.thread));
  }
  return facts;
}

domain::OutcomeFacts facts_for(store::WriteTransaction& tx, const domain::WriteOutcome& cmd,
                               domain::Timestamp now) {
  domain::OutcomeFacts facts{.round = tx.round(cmd.round),
                             .current_version = tx.outcome_version(cmd.round),
                             .post_threads = {},
                             .stated_positions = tx.organisations_with_positions(cmd.round),
                             .now = now};
  // Bounded by the domain's own limits: what is over them is refused without being looked up.
  if (cmd.responses.size() > domain::max_outcome_responses) return facts;
  for (const auto& response : cmd.responses) {
    if (response.posts.size() > domain::max_response_posts) return facts;
  }
  for (const auto& response : cmd.responses) {
    for (const auto id : response.posts) {
      if (facts.post_threads.contains(id)) continue;
      const auto post = tx.post(id);
      facts.post_threads[id] = post ? tx.thread(post->thread) : std::nullopt;
    }
  }
  return facts;
}

domain::DissentFacts facts_for(store::WriteTransaction& tx, const domain::AttachDissent& cmd,
                               domain::Timestamp now) {
  return {
      .round = tx.round(cmd.round), .outcome_version = tx.outcome_version(cmd.round), .now = now};
}

domain::MinutesFacts facts_for(store::WriteTransaction& tx, const domain::WriteMinutes& cmd,
                               domain::Timestamp now) {
  domain::MinutesFacts facts{.round = tx.round(cmd.round),
                             .thread = tx.thread(cmd.thread),
                             .current_version = tx.minutes_version(cmd.round, cmd.thread),
                             .posts = {},
                             .now = now};
  // Bounded by the domain's own limit: what is over it is refused without being looked up.
  if (cmd.posts.size() > domain::max_minutes_posts) return facts;
  for (const auto id : cmd.posts) facts.posts[id] = tx.post(id);
  return facts;
}

domain::JointDocumentFacts joint_document_facts(store::WriteTransaction& tx, domain::RoundId round,
                                                domain::Timestamp now) {
  const auto version = tx.joint_document_version(round);
  return {.round = tx.round(round),
          .current_version = version,
          .approved_current = version == 0 ? std::vector<domain::Side>{}
                                           : tx.joint_document_approvals(round, version),
          .now = now};
}

domain::JointDocumentFacts facts_for(store::WriteTransaction& tx,
                                     const domain::WriteJointDocument& cmd, domain::Timestamp now) {
  return joint_document_facts(tx, cmd.round, now);
}

domain::JointDocumentFacts facts_for(store::WriteTransaction& tx,
                                     const domain::ApproveJointDocument& cmd,
                                     domain::Timestamp now) {
  return joint_document_facts(tx, cmd.round, now);
}

}  // namespace

store::Appended carry_out(store::WriteTransaction& tx, const Caller& caller, domain::Timestamp now,
                          const domain::Command& command, const RecordSettings& records) {
  if (caller.session_hash && !tx.session_is_live(*caller.session_hash, now)) {
    return domain::make_error(domain::ErrorCode::unauthenticated,
                              "Your session has ended; log in again");
  }
  // Most facts follow from the command alone; a position's from whose organisation states it.
  const auto facts_of = [&](const auto& cmd) {
    if constexpr (requires { facts_for(tx, cmd, now, caller.person); }) {
      return facts_for(tx, cmd, now, caller.person);
    } else {
      return facts_for(tx, cmd, now);
    }
  };
  auto decision = std::visit(
      [&](const auto& cmd) { return domain::decide(caller.person, cmd, facts_of(cmd)); }, command);
  if (!decision) return decision.error();
  std::vector<domain::Event> events;
  events.reserve(decision->size());
  for (auto& decided : *decision) {
    events.push_back(domain::Event{
        .stream = decided.stream,
        .seq = tx.next_seq(decided.stream),
        .at = now,
        .actor = caller.person,
        .data = std::move(decided.data),
        .access_after = std::move(decided.access_after),
    });
    tx.append(events.back());
  }
  publish_decided_records(tx, events, records, now);
  // Every command is recorded in the same transaction as its events: both or neither.
  tx.record(domain::audit_of(caller.person, command, events, now, caller.origin));
  return events;
}

std::size_t size_of(const domain::Command& command) {
  if (const auto* round = std::get_if<domain::CreateRound>(&command)) {
    std::size_t bytes = round->title.size() + round->proposal.size() + 16 * round->invited.size();
    for (const auto& title : round->agenda) bytes += title.size();
    return bytes;
  }
  if (const auto* thread = std::get_if<domain::CreateThread>(&command)) return thread->title.size();
  if (const auto* post = std::get_if<domain::CreatePost>(&command)) return post->body.size();
  if (const auto* revised = std::get_if<domain::ReviseProposal>(&command)) {
    return revised->proposal.size();
  }
  if (const auto* proposed = std::get_if<domain::ProposeAgendaItem>(&command)) {
    return proposed->title.size() + proposed->motivation.size();
  }
  if (const auto* decided = std::get_if<domain::DecideAgendaItem>(&command)) {
    return 64 + decided->reason.size();
  }
  if (const auto* edited = std::get_if<domain::EditPost>(&command)) return edited->body.size();
  if (const auto* hidden = std::get_if<domain::HidePost>(&command)) {
    return 64 + hidden->reason.size();
  }
  if (const auto* reported = std::get_if<domain::ReportPost>(&command)) {
    return 64 + reported->reason.size();
  }
  if (const auto* dismissed = std::get_if<domain::DismissReport>(&command)) {
    return 64 + dismissed->note.size();
  }
  if (const auto* reminder = std::get_if<domain::SendReminder>(&command)) {
    return 64 + reminder->message.size();
  }
  if (const auto* outcome = std::get_if<domain::WriteOutcome>(&command)) {
    std::size_t bytes = 64 + outcome->summary.size();
    for (const auto& point : outcome->agreed) bytes += 8 + point.size();
    for (const auto& response : outcome->responses) {
      bytes += 64 + response.point.size() + response.reason.size() +
               16 * (response.posts.size() + response.organisations.size());
    }
    return bytes;
  }
  if (const auto* minutes = std::get_if<domain::WriteMinutes>(&command)) {
    return 64 + minutes->state_input.size() + minutes->municipal_input.size() +
           minutes->state_comment.size() + 16 * minutes->posts.size();
  }
  if (const auto* dissent = std::get_if<domain::AttachDissent>(&command)) {
    return 64 + dissent->text.size();
  }
  if (const auto* document = std::get_if<domain::WriteJointDocument>(&command)) {
    return 64 + document->text.size();
  }
  if (const auto* position = std::get_if<domain::StatePosition>(&command)) {
    std::size_t bytes = 64 + position->motivation.size();
    for (const auto& point : position->points) bytes += 32 + point.motivation.size();
    return bytes;
  }
  return 64;  // a life-cycle command writes a line or two
}

}  // namespace samrad::service
