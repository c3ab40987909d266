// Decisions on commands: given the actor and the facts read in the transaction, the events to
// append or the refusal to send back. Checks run in the order a person would want them
// explained: existence, permission, the round's phase, then the text itself.
#include "domain/commands.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "domain/permissions.hpp"
#include "domain/text.hpp"

namespace samrad::domain {

namespace {

// Length first, then blank: the order the protocol's codec checks text in.
Status check_text(std::string_view text, std::size_t max_bytes, std::string_view what) {
  if (text.size() > max_bytes) {
    return make_error(ErrorCode::too_large, std::string(what) + " is longer than " +
                                                std::to_string(max_bytes) + " bytes");
  }
  if (is_blank(text)) {
    return make_error(ErrorCode::bad_request, std::string(what) + " must not be blank");
  }
  return Ok{};
}

Decision one_event(StreamId stream, EventData data,
                   std::optional<RoundAccess> access_after = std::nullopt) {
  return std::vector<NewEvent>{NewEvent{stream, std::move(data), std::move(access_after)}};
}

StreamId main_stream(RoundId round) {
  return {round, StreamKind::main};
}

// A deactivated organisation keeps the rounds it took part in, but joins no more of them.
Error deactivated(const Organisation& organisation) {
  return make_error(ErrorCode::invalid_state,
                    organisation.name + " is deactivated and cannot be invited");
}

// A schedule is a closing time after the opening time, and not already past.
Status check_schedule(const std::optional<Timestamp>& opens_at,
                      const std::optional<Timestamp>& closes_at, Timestamp now) {
  if (opens_at && closes_at && *closes_at <= *opens_at) {
    return make_error(ErrorCode::bad_request, "The closing time must be after the opening time");
  }
  if (closes_at && *closes_at <= now) {
    return make_error(ErrorCode::bad_request, "The closing time has already passed");
  }
  return Ok{};
}

std::size_t ministries_among(const std::vector<Organisation>& organisations) {
  return static_cast<std::size_t>(
      std::count_if(organisations.begin(), organisations.end(),
                    [](const Organisation& o) { return o.kind == OrganisationKind::ministry; }));
}

// The round as its events leave it, for who may see it: the round before, with one change.
RoundAccess with_invited(RoundAccess round, std::vector<OrganisationId> invited) {
  std::sort(invited.begin(), invited.end());
  round.invited = std::move(invited);
  return round;
}

// Existence and the secretariat's permission, in the order refusals are explained: a round
// the actor may not see is answered like a missing one.
Status check_manages(const Person& actor, const std::optional<RoundAccess>& round) {
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_manage_round(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat runs a round");
  }
  return Ok{};
}

// The round as it stands at now: an open round whose closing time has come is closed, even in
// the moment before the server's own close of it is committed.
std::optional<RoundAccess> as_of(std::optional<RoundAccess> round, Timestamp now) {
  if (round && round->phase == Phase::open && round->closes_at && *round->closes_at <= now) {
    round->phase = Phase::closed;
  }
  return round;
}

}  // namespace

Decision decide(const Person& actor, const CreateRound& cmd, const CreateRoundFacts& facts) {
  if (!can_create_round(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat can start a consultation round");
  }
  if (cmd.phase != Phase::draft && cmd.phase != Phase::open) {
    return make_error(ErrorCode::bad_request, "A new round starts as a draft or open");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) {
    return status.error();
  }
  if (cmd.proposal.size() > max_proposal_bytes) {
    return make_error(ErrorCode::too_large, "The proposal is longer than " +
                                                std::to_string(max_proposal_bytes) + " bytes");
  }
  if (cmd.invited.size() > max_invited) {
    return make_error(ErrorCode::too_large,
                      "A round invites at most " + std::to_string(max_invited) + " organisations");
  }
  auto sorted = cmd.invited;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    return make_error(ErrorCode::bad_request, "An organisation is invited more than once");
  }
  if (facts.invited.size() != cmd.invited.size()) {
    return make_error(ErrorCode::internal, "The invited organisations were not all looked up");
  }
  std::vector<Organisation> invited;
  for (std::size_t i = 0; i < cmd.invited.size(); ++i) {
    if (!facts.invited[i]) {
      return make_error(ErrorCode::not_found,
                        "No such organisation: " + std::to_string(cmd.invited[i]));
    }
    if (!facts.invited[i]->active) return deactivated(facts.invited[i]->organisation);
    invited.push_back(facts.invited[i]->organisation);
  }
  if (cmd.kind == RoundKind::bilateral && ministries_among(invited) != 1) {
    return make_error(ErrorCode::bad_request,
                      "A bilateral round invites exactly one ministry, with the municipal sector");
  }
  auto sectors = cmd.sectors;
  std::sort(sectors.begin(), sectors.end());
  if (std::adjacent_find(sectors.begin(), sectors.end()) != sectors.end()) {
    return make_error(ErrorCode::bad_request, "A sector is named more than once");
  }
  if (auto status = check_schedule(cmd.opens_at, cmd.closes_at, facts.now); !status) {
    return status.error();
  }
  if (cmd.agenda.size() > max_agenda_items) {
    return make_error(ErrorCode::too_large, "A round starts with at most " +
                                                std::to_string(max_agenda_items) + " agenda items");
  }
  if (facts.new_threads.size() != cmd.agenda.size()) {
    return make_error(ErrorCode::internal, "The agenda items were not all given ids");
  }
  for (const auto& title : cmd.agenda) {
    if (auto status = check_text(title, max_title_bytes, "An agenda item's title"); !status) {
      return status.error();
    }
  }

  const auto stream = main_stream(facts.new_round);
  std::vector<NewEvent> events;
  events.push_back(
      {stream,
       RoundCreated{cmd.title, cmd.proposal, cmd.phase, std::move(invited), cmd.kind, cmd.sectors},
       std::nullopt});
  if (cmd.opens_at || cmd.closes_at) {
    events.push_back({stream, ScheduleChanged{cmd.opens_at, cmd.closes_at}, std::nullopt});
  }
  for (std::size_t i = 0; i < cmd.agenda.size(); ++i) {
    events.push_back({stream, ThreadCreated{facts.new_threads[i], cmd.agenda[i]}, std::nullopt});
  }
  return events;
}

Decision decide(const Person& actor, const CreateThread& cmd, const CreateThreadFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  // A round the actor may not see is answered exactly like a missing one, so refusals do not
  // reveal which rounds exist.
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (cmd.stream != StreamKind::main) {
    // A preparation thread: opened by the side itself, in its own stream, while the round is
    // open. Those who may not see the stream are answered as if it did not exist. The
    // moderation stream holds reports, never threads (the secretariat may read it).
    if (!preparing_side(cmd.stream)) {
      return make_error(ErrorCode::bad_request,
                        "Threads are opened only on the agenda or in a side's preparation");
    }
    if (!can_view_stream(actor, *round, cmd.stream)) {
      return make_error(ErrorCode::not_found, "No such stream");
    }
    if (actor.role == Role::observer) {
      return make_error(ErrorCode::forbidden, "Observers can read but not open threads");
    }
    if (round->phase != Phase::open) {
      return make_error(ErrorCode::invalid_state,
                        "Preparation threads can be opened only while the round is open");
    }
  } else if (!can_create_thread(actor, *round)) {
    if (actor.role == Role::observer) {
      return make_error(ErrorCode::forbidden, "Observers can read a round but not add to it");
    }
    if (!can_create_round(actor)) {
      return make_error(ErrorCode::forbidden,
                        "Only the secretariat adds threads to the agenda; propose an agenda item");
    }
    return make_error(ErrorCode::invalid_state, "This round is closed; no threads can be added");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) {
    return status.error();
  }
  return one_event(StreamId{round->id, cmd.stream}, ThreadCreated{facts.new_thread, cmd.title});
}

Decision decide(const Person& actor, const CreatePost& cmd, const CreatePostFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_post_in_round(actor, *round)) {
    if (actor.role == Role::observer) {
      return make_error(ErrorCode::forbidden, "Observers can read a round but not post in it");
    }
    return make_error(ErrorCode::invalid_state, round->phase == Phase::draft
                                                    ? "This round is not open for posts yet"
                                                    : "This round is closed for posts");
  }
  const auto& thread = facts.thread;
  if (!thread || thread->id != cmd.thread || thread->round != round->id ||
      !can_view_stream(actor, *round, thread->stream)) {
    return make_error(ErrorCode::not_found, "No such thread in this round");
  }
  if (thread->status != AgendaStatus::accepted) {
    return make_error(ErrorCode::invalid_state,
                      thread->status == AgendaStatus::proposed
                          ? "This agenda item is proposed; it takes posts once it is accepted"
                          : "This agenda item was declined; it takes no posts");
  }
  if (thread->locked) {
    return make_error(ErrorCode::invalid_state, "This thread is locked; it takes no new posts");
  }
  const auto& reply_to = facts.reply_to;
  if (cmd.reply_to &&
      (!reply_to || reply_to->id != *cmd.reply_to || reply_to->thread != thread->id)) {
    return make_error(ErrorCode::invalid_reply, "The post you reply to is not in this thread");
  }
  if (auto status = check_text(cmd.body, max_body_bytes, "The post"); !status) {
    return status.error();
  }
  return one_event(
      StreamId{round->id, thread->stream},
      PostCreated{facts.new_post, cmd.thread, cmd.reply_to, cmd.body, round->proposal_version});
}

std::string_view name_of(const Command& command) noexcept {
  struct Name {
    std::string_view operator()(const CreateRound&) const { return "create_round"; }
    std::string_view operator()(const CreateThread&) const { return "create_thread"; }
    std::string_view operator()(const CreatePost&) const { return "create_post"; }
    std::string_view operator()(const ChangePhase&) const { return "change_phase"; }
    std::string_view operator()(const SetSchedule&) const { return "set_schedule"; }
    std::string_view operator()(const InviteOrganisation&) const { return "invite_organisation"; }
    std::string_view operator()(const WithdrawInvitation&) const { return "withdraw_invitation"; }
    std::string_view operator()(const CloseAtClosingTime&) const { return "close_at_closing_time"; }
    std::string_view operator()(const ProposeAgendaItem&) const { return "propose_agenda_item"; }
    std::string_view operator()(const DecideAgendaItem&) const { return "decide_agenda_item"; }
    std::string_view operator()(const MoveThread&) const { return "move_thread"; }
    std::string_view operator()(const LockThread&) const { return "lock_thread"; }
    std::string_view operator()(const PinPost&) const { return "pin_post"; }
    std::string_view operator()(const ReviseProposal&) const { return "revise_proposal"; }
    std::string_view operator()(const EditPost&) const { return "edit_post"; }
    std::string_view operator()(const HidePost&) const { return "hide_post"; }
    std::string_view operator()(const UnhidePost&) const { return "unhide_post"; }
    std::string_view operator()(const ReportPost&) const { return "report_post"; }
    std::string_view operator()(const DismissReport&) const { return "dismiss_report"; }
    std::string_view operator()(const StatePosition&) const { return "state_position"; }
    std::string_view operator()(const WriteOutcome&) const { return "write_outcome"; }
    std::string_view operator()(const AttachDissent&) const { return "attach_dissent"; }
    std::string_view operator()(const WriteMinutes&) const { return "write_minutes"; }
    std::string_view operator()(const WriteJointDocument&) const { return "write_joint_document"; }
    std::string_view operator()(const ApproveJointDocument&) const {
      return "approve_joint_document";
    }
    std::string_view operator()(const SendReminder&) const { return "send_reminder"; }
  };
  return std::visit(Name{}, command);
}

bool is_valid_transition(Phase from, Phase to) noexcept {
  return (from == Phase::draft && to == Phase::open) ||
         (from == Phase::open && to == Phase::closed) ||
         (from == Phase::closed && to == Phase::decided);
}

Decision decide(const Person& actor, const ChangePhase& cmd, const RoundFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto& round = *facts.round;
  if (!is_valid_transition(round.phase, cmd.phase)) {
    return make_error(ErrorCode::invalid_state,
                      "A round goes draft, open, closed, decided; it cannot go from " +
                          std::string(to_string(round.phase)) + " to " +
                          std::string(to_string(cmd.phase)));
  }
  if (cmd.phase == Phase::open) {
    if (round.invited.empty()) {
      return make_error(ErrorCode::invalid_state, "Invite at least one organisation first");
    }
    // A bilateral round may swap its ministry while a draft; it opens with exactly one.
    if (round.kind == RoundKind::bilateral && facts.ministries_invited != 1) {
      return make_error(ErrorCode::invalid_state,
                        "A bilateral round opens with exactly one ministry invited");
    }
    if (round.closes_at && *round.closes_at <= facts.now) {
      return make_error(ErrorCode::invalid_state,
                        "The closing time has passed; set a new one before opening");
    }
  }
  // The decision record holds the outcome, so a round is decided only once it has one.
  if (cmd.phase == Phase::decided && facts.outcome_version == 0) {
    return make_error(ErrorCode::invalid_state, "Write the outcome before deciding the round");
  }
  auto after = round;
  after.phase = cmd.phase;
  return one_event(main_stream(round.id), PhaseChanged{round.phase, cmd.phase, false},
                   std::move(after));
}

Decision decide(const Person& actor, const SetSchedule& cmd, const RoundFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  // Once the closing time has come the round is closed, even before the server's own close.
  const auto round = *as_of(facts.round, facts.now);
  if (round.phase != Phase::draft && round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "The schedule can change only while the round is a draft or open");
  }
  if (auto status = check_schedule(cmd.opens_at, cmd.closes_at, facts.now); !status) {
    return status.error();
  }
  return one_event(main_stream(round.id), ScheduleChanged{cmd.opens_at, cmd.closes_at});
}

Decision decide(const Person& actor, const InviteOrganisation& cmd, const InvitationFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto& round = *facts.round;
  if (round.phase != Phase::draft && round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "Organisations can be invited only while the round is a draft or open");
  }
  if (!facts.organisation) {
    return make_error(ErrorCode::not_found,
                      "No such organisation: " + std::to_string(cmd.organisation));
  }
  const auto& organisation = facts.organisation->organisation;
  if (!facts.organisation->active) return deactivated(organisation);
  if (std::find(round.invited.begin(), round.invited.end(), cmd.organisation) !=
      round.invited.end()) {
    return make_error(ErrorCode::conflict, "The organisation is already invited");
  }
  if (round.kind == RoundKind::bilateral && organisation.kind == OrganisationKind::ministry &&
      facts.ministries_invited > 0) {
    return make_error(ErrorCode::bad_request, "A bilateral round has one ministry");
  }
  auto invited = round.invited;
  invited.push_back(cmd.organisation);
  return one_event(main_stream(round.id), OrganisationInvited{organisation},
                   with_invited(round, std::move(invited)));
}

Decision decide(const Person& actor, const WithdrawInvitation& cmd, const InvitationFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto& round = *facts.round;
  if (round.phase == Phase::decided) {
    return make_error(ErrorCode::invalid_state, "A decided round's participants are final");
  }
  auto invited = round.invited;
  const auto found = std::find(invited.begin(), invited.end(), cmd.organisation);
  if (found == invited.end() || !facts.organisation) {
    return make_error(ErrorCode::not_found, "The organisation is not invited to this round");
  }
  invited.erase(found);
  return one_event(main_stream(round.id), InvitationWithdrawn{facts.organisation->organisation},
                   with_invited(round, std::move(invited)));
}

Decision decide(const Person&, const CloseAtClosingTime& cmd, const RoundFacts& facts) {
  if (!facts.round) return make_error(ErrorCode::not_found, "No such round");
  const auto& round = *facts.round;
  if (round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state, "The round is not open");
  }
  if (!round.closes_at || *round.closes_at > facts.now) {
    return make_error(ErrorCode::invalid_state, "The round's closing time has not come");
  }
  auto after = round;
  after.phase = Phase::closed;
  return one_event(main_stream(cmd.round), PhaseChanged{Phase::open, Phase::closed, true},
                   std::move(after));
}

namespace {

// The secretariat acts on one agenda thread of a round that is a draft or open: existence,
// permission, the round's phase, then the thread (a preparation thread is not the
// secretariat's to see, so it is answered like a missing one).
Result<ThreadFacts> check_agenda_thread(const Person& actor, const ThreadCommandFacts& facts,
                                        ThreadId thread_id) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto round = *as_of(facts.round, facts.now);
  if (round.phase != Phase::draft && round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "The agenda can change only while the round is a draft or open");
  }
  const auto& thread = facts.thread;
  if (!thread || thread->id != thread_id || thread->round != round.id ||
      thread->stream != StreamKind::main) {
    return make_error(ErrorCode::not_found, "No such thread on this round's agenda");
  }
  return *thread;
}

}  // namespace

Decision decide(const Person& actor, const ProposeAgendaItem& cmd,
                const ProposeAgendaItemFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (actor.role != Role::representative) {
    return make_error(ErrorCode::forbidden,
                      can_manage_round(actor)
                          ? "The secretariat adds agenda items directly, with create_thread"
                          : "Only representatives of invited organisations propose agenda items");
  }
  if (round->phase != Phase::draft && round->phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "Agenda items can be proposed only while the round is a draft or open");
  }
  if (auto status = check_text(cmd.title, max_title_bytes, "The title"); !status) {
    return status.error();
  }
  if (cmd.motivation.size() > max_reason_bytes) {
    return make_error(ErrorCode::too_large, "The motivation is longer than " +
                                                std::to_string(max_reason_bytes) + " bytes");
  }
  return one_event(main_stream(round->id),
                   AgendaItemProposed{facts.new_thread, cmd.title, cmd.motivation});
}

Decision decide(const Person& actor, const DecideAgendaItem& cmd, const ThreadCommandFacts& facts) {
  auto thread = check_agenda_thread(actor, facts, cmd.thread);
  if (!thread) return thread.error();
  if (thread->status != AgendaStatus::proposed) {
    return make_error(ErrorCode::invalid_state, "This agenda item is not waiting for a decision");
  }
  if (cmd.reason.size() > max_reason_bytes) {
    return make_error(ErrorCode::too_large,
                      "The reason is longer than " + std::to_string(max_reason_bytes) + " bytes");
  }
  if (!cmd.accept && is_blank(cmd.reason)) {
    return make_error(ErrorCode::bad_request,
                      "Give a reason when declining: the proposer is told it");
  }
  return one_event(main_stream(facts.round->id),
                   AgendaItemDecided{cmd.thread, cmd.accept, cmd.reason});
}

Decision decide(const Person& actor, const MoveThread& cmd, const ThreadCommandFacts& facts) {
  auto thread = check_agenda_thread(actor, facts, cmd.thread);
  if (!thread) return thread.error();
  if (cmd.before) {
    const auto& before = facts.before;
    if (*cmd.before == cmd.thread || !before || before->id != *cmd.before ||
        before->round != thread->round || before->stream != StreamKind::main) {
      return make_error(ErrorCode::not_found,
                        "The thread to move it before is not on this round's agenda");
    }
  }
  return one_event(main_stream(facts.round->id), ThreadMoved{cmd.thread, cmd.before});
}

Decision decide(const Person& actor, const LockThread& cmd, const ThreadCommandFacts& facts) {
  auto thread = check_agenda_thread(actor, facts, cmd.thread);
  if (!thread) return thread.error();
  if (thread->status != AgendaStatus::accepted) {
    return make_error(ErrorCode::invalid_state,
                      "Only an accepted agenda item takes posts, and so can be locked");
  }
  if (thread->locked == cmd.locked) {
    return make_error(ErrorCode::invalid_state,
                      cmd.locked ? "The thread is already locked" : "The thread is not locked");
  }
  return one_event(main_stream(facts.round->id), ThreadLocked{cmd.thread, cmd.locked});
}

Decision decide(const Person& actor, const PinPost& cmd, const ThreadCommandFacts& facts) {
  auto thread = check_agenda_thread(actor, facts, cmd.thread);
  if (!thread) return thread.error();
  if (cmd.post) {
    const auto& post = facts.post;
    if (!post || post->id != *cmd.post || post->thread != cmd.thread) {
      return make_error(ErrorCode::not_found, "No such post in this thread");
    }
  }
  if (cmd.post == thread->pinned_post) {
    return make_error(ErrorCode::invalid_state,
                      cmd.post ? "The post is already pinned" : "The thread has no pinned post");
  }
  return one_event(main_stream(facts.round->id), PostPinned{cmd.thread, cmd.post});
}

Decision decide(const Person& actor, const ReviseProposal& cmd, const RoundFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto round = *as_of(facts.round, facts.now);
  if (round.phase != Phase::draft && round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "The proposal can be revised only while the round is a draft or open");
  }
  if (cmd.proposal.size() > max_proposal_bytes) {
    return make_error(ErrorCode::too_large, "The proposal is longer than " +
                                                std::to_string(max_proposal_bytes) + " bytes");
  }
  return one_event(main_stream(round.id),
                   ProposalRevised{round.proposal_version + 1, cmd.proposal});
}

namespace {

// The post a command names, in a round the actor may see, in a stream the actor may read: one
// missing anywhere along the way is answered like a post that does not exist.
Result<std::pair<RoundAccess, PostFacts>> check_post(const Person& actor,
                                                     const PostCommandFacts& facts,
                                                     PostId post_id) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  const auto& post = facts.post;
  const auto& thread = facts.thread;
  if (!post || post->id != post_id || !thread || thread->id != post->thread ||
      thread->round != round->id || !can_view_stream(actor, *round, thread->stream)) {
    return make_error(ErrorCode::not_found, "No such post in this round");
  }
  return std::pair{*round, *post};
}

// Moderation is of the main stream: a side's preparation is not the secretariat's to read, so a
// post there is answered like a missing one.
Result<std::pair<RoundAccess, PostFacts>> check_moderated_post(const Person& actor,
                                                               const PostCommandFacts& facts,
                                                               PostId post_id) {
  auto found = check_post(actor, facts, post_id);
  if (!found) return found;
  if (!can_moderate(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat hides and shows posts");
  }
  if (facts.thread->stream != StreamKind::main) {
    return make_error(ErrorCode::not_found, "No such post in this round");
  }
  return found;
}

Status check_reason(std::string_view reason, std::string_view what) {
  return check_text(reason, max_reason_bytes, what);
}

}  // namespace

Decision decide(const Person& actor, const EditPost& cmd, const PostCommandFacts& facts) {
  auto found = check_post(actor, facts, cmd.post);
  if (!found) return found.error();
  const auto& [round, post] = *found;
  if (post.author != actor.id) {
    return make_error(ErrorCode::forbidden, "Only its author edits a post");
  }
  if (!can_post_in_round(actor, round)) {
    if (actor.role == Role::observer) {
      return make_error(ErrorCode::forbidden, "Observers can read a round but not write in it");
    }
    return make_error(ErrorCode::invalid_state, "Posts can be edited only while the round is open");
  }
  if (post.hidden) {
    return make_error(ErrorCode::invalid_state,
                      "The secretariat has hidden this post; it cannot be edited");
  }
  if (facts.thread->locked) {
    return make_error(ErrorCode::invalid_state,
                      "This thread is locked; its posts stay as they are");
  }
  if (auto status = check_text(cmd.body, max_body_bytes, "The post"); !status) {
    return status.error();
  }
  if (cmd.body == post.body) {
    return make_error(ErrorCode::bad_request, "The text is unchanged");
  }
  return one_event(StreamId{round.id, facts.thread->stream},
                   PostEdited{post.id, post.thread, post.version + 1, cmd.body});
}

Decision decide(const Person& actor, const HidePost& cmd, const PostCommandFacts& facts) {
  auto found = check_moderated_post(actor, facts, cmd.post);
  if (!found) return found.error();
  const auto& [round, post] = *found;
  if (post.hidden) return make_error(ErrorCode::invalid_state, "The post is already hidden");
  if (auto status = check_reason(cmd.reason, "The reason"); !status) return status.error();
  std::vector<NewEvent> events;
  events.push_back({main_stream(round.id), PostHidden{post.id, post.thread, cmd.reason}, {}});
  // Hiding the post settles what was reported about it.
  if (!facts.open_reports.empty()) {
    std::vector<ReportId> reports;
    for (const auto& report : facts.open_reports) reports.push_back(report.id);
    events.push_back({StreamId{round.id, StreamKind::moderation},
                      ReportsResolved{std::move(reports), ReportOutcome::hidden, cmd.reason},
                      {}});
  }
  return events;
}

Decision decide(const Person& actor, const UnhidePost& cmd, const PostCommandFacts& facts) {
  auto found = check_moderated_post(actor, facts, cmd.post);
  if (!found) return found.error();
  const auto& [round, post] = *found;
  if (!post.hidden) return make_error(ErrorCode::invalid_state, "The post is not hidden");
  return one_event(main_stream(round.id),
                   PostUnhidden{post.id, post.thread, post.version, post.body});
}

Decision decide(const Person& actor, const ReportPost& cmd, const PostCommandFacts& facts) {
  auto found = check_post(actor, facts, cmd.post);
  if (!found) return found.error();
  const auto& [round, post] = *found;
  if (facts.thread->stream != StreamKind::main) {
    return make_error(ErrorCode::invalid_state,
                      "A side's preparation is its own: the secretariat does not read it");
  }
  if (post.author == actor.id) {
    return make_error(ErrorCode::invalid_state, "Edit your own post rather than report it");
  }
  if (post.hidden) {
    return make_error(ErrorCode::invalid_state, "The secretariat has already hidden this post");
  }
  if (std::any_of(facts.open_reports.begin(), facts.open_reports.end(),
                  [&](const OpenReport& report) { return report.reporter == actor.id; })) {
    return make_error(ErrorCode::conflict,
                      "You have already reported this post; the secretariat has your report");
  }
  if (auto status = check_reason(cmd.reason, "The reason"); !status) return status.error();
  return one_event(StreamId{round.id, StreamKind::moderation},
                   PostReported{facts.new_report, post.id, post.thread, cmd.reason});
}

Decision decide(const Person& actor, const DismissReport& cmd, const DismissReportFacts& facts) {
  const auto& round = facts.round;
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_moderate(actor)) {
    return make_error(ErrorCode::forbidden, "Only the secretariat works the reports");
  }
  const auto& report = facts.report;
  if (!report || report->id != cmd.report || report->round != round->id) {
    return make_error(ErrorCode::not_found, "No such report in this round");
  }
  if (!report->open) {
    return make_error(ErrorCode::invalid_state, "The report has already been dealt with");
  }
  if (cmd.note.size() > max_reason_bytes) {
    return make_error(ErrorCode::too_large,
                      "The note is longer than " + std::to_string(max_reason_bytes) + " bytes");
  }
  return one_event(StreamId{round->id, StreamKind::moderation},
                   ReportsResolved{{report->id}, ReportOutcome::dismissed, cmd.note});
}

Decision decide(const Person& actor, const SendReminder& cmd, const ReminderFacts& facts) {
  if (auto status = check_manages(actor, facts.round); !status) return status.error();
  const auto round = *as_of(facts.round, facts.now);
  if (round.phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      "Reminders can be sent only while the round is open; it is " +
                          std::string(to_string(round.phase)));
  }
  // A withdrawn invitation is answered like one never made: the organisation is not in the round.
  if (!facts.organisation || std::find(round.invited.begin(), round.invited.end(),
                                       cmd.organisation) == round.invited.end()) {
    return make_error(ErrorCode::not_found, "The organisation is not invited to this round");
  }
  const auto& organisation = facts.organisation->organisation;
  if (!facts.organisation->active) {
    return make_error(ErrorCode::invalid_state,
                      organisation.name + " is deactivated; nobody there could read a reminder");
  }
  // The message is optional: empty is none, but a message that shows as nothing is a mistake.
  if (!cmd.message.empty()) {
    if (auto status = check_text(cmd.message, max_reason_bytes, "The message"); !status) {
      return status.error();
    }
  }
  return one_event(main_stream(round.id),
                   ReminderSent{organisation, cmd.message, facts.position_version == 0});
}

Decision decide(const Person& actor, const StatePosition& cmd, const PositionFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_state_position(actor, *round)) {
    return make_error(ErrorCode::forbidden,
                      "Only the representatives of an invited organisation state its position");
  }
  if (round->phase != Phase::open) {
    return make_error(ErrorCode::invalid_state,
                      round->phase == Phase::draft
                          ? "Positions can be stated once the round is open"
                          : "The round is closed; positions can no longer be changed");
  }
  if (cmd.revises != facts.current_version) {
    return make_error(ErrorCode::conflict,
                      facts.current_version == 0
                          ? "Your organisation has not stated a position yet; there is nothing "
                            "to revise"
                          : "Someone in your organisation has changed the position meanwhile "
                            "(it is now version " +
                                std::to_string(facts.current_version) + "); read it first");
  }
  // "No comments" needs no motivation; every other stance is explained.
  if (cmd.stance == Stance::no_comments) {
    if (cmd.motivation.size() > max_body_bytes) {
      return make_error(ErrorCode::too_large, "The motivation is longer than " +
                                                  std::to_string(max_body_bytes) + " bytes");
    }
  } else if (auto status = check_text(cmd.motivation, max_body_bytes, "The motivation"); !status) {
    return status.error();
  }
  if (cmd.points.size() > max_position_points) {
    return make_error(ErrorCode::too_large, "A position addresses at most " +
                                                std::to_string(max_position_points) + " points");
  }
  if (facts.points.size() != cmd.points.size()) {
    return make_error(ErrorCode::internal, "The points were not all looked up");
  }
  std::vector<ThreadId> threads;
  for (std::size_t i = 0; i < cmd.points.size(); ++i) {
    const auto& point = cmd.points[i];
    const auto& thread = facts.points[i];
    if (!thread || thread->id != point.thread || thread->round != round->id ||
        thread->stream != StreamKind::main || thread->status != AgendaStatus::accepted) {
      return make_error(ErrorCode::not_found,
                        "No such point of the proposal: " + std::to_string(point.thread));
    }
    if (point.motivation.size() > max_reason_bytes) {
      return make_error(ErrorCode::too_large, "A point's motivation is longer than " +
                                                  std::to_string(max_reason_bytes) + " bytes");
    }
    threads.push_back(point.thread);
  }
  std::sort(threads.begin(), threads.end());
  if (std::adjacent_find(threads.begin(), threads.end()) != threads.end()) {
    return make_error(ErrorCode::bad_request, "A point is addressed more than once");
  }
  return one_event(main_stream(round->id),
                   PositionStated{actor.organisation, facts.current_version + 1, cmd.stance,
                                  cmd.motivation, cmd.points});
}

namespace {

// Ids a response names once each: a repeated one would be counted twice in the record.
template <class Id>
bool has_repeats(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  return std::adjacent_find(ids.begin(), ids.end()) != ids.end();
}

// One response's own text and counts, before what it names is looked at.
Status check_response_text(const PointResponse& response) {
  if (auto status = check_text(response.point, max_point_bytes, "A response's point"); !status) {
    return status;
  }
  if (response.posts.size() > max_response_posts) {
    return make_error(ErrorCode::too_large,
                      "A response names at most " + std::to_string(max_response_posts) + " posts");
  }
  if (response.organisations.size() > max_response_organisations) {
    return make_error(ErrorCode::too_large, "A response names at most " +
                                                std::to_string(max_response_organisations) +
                                                " organisations");
  }
  if (has_repeats(response.posts) || has_repeats(response.organisations)) {
    return make_error(ErrorCode::bad_request,
                      "A response names the same post or organisation more than once");
  }
  return check_text(response.reason, max_reason_bytes, "A response's reason");
}

}  // namespace

Decision decide(const Person& actor, const WriteOutcome& cmd, const OutcomeFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (auto status = check_manages(actor, round); !status) return status.error();
  if (round->phase != Phase::closed && round->phase != Phase::decided) {
    return make_error(ErrorCode::invalid_state, "The outcome is written once the round is closed");
  }
  const bool decided = round->phase == Phase::decided;
  if (decided && !cmd.correction) {
    return make_error(ErrorCode::invalid_state,
                      "The round is decided; a change to its outcome is a correction and needs "
                      "a reason (\"correction\")");
  }
  if (!decided && cmd.correction) {
    return make_error(ErrorCode::invalid_state,
                      "Only a decided round's outcome is corrected; revise it without a reason");
  }
  if (cmd.correction) {
    if (auto status =
            check_text(*cmd.correction, max_reason_bytes, "The reason for the correction");
        !status) {
      return status.error();
    }
  }
  if (cmd.revises != facts.current_version) {
    return make_error(ErrorCode::conflict,
                      facts.current_version == 0
                          ? "No outcome has been written yet; there is nothing to revise"
                          : "Someone has changed the outcome meanwhile (it is now version " +
                                std::to_string(facts.current_version) + "); read it first");
  }
  if (auto status = check_text(cmd.summary, max_body_bytes, "The summary"); !status) {
    return status.error();
  }
  if (cmd.agreed.size() > max_agreed_points) {
    return make_error(
        ErrorCode::too_large,
        "An outcome lists at most " + std::to_string(max_agreed_points) + " agreed points");
  }
  for (const auto& point : cmd.agreed) {
    if (auto status = check_text(point, max_reason_bytes, "An agreed point"); !status) {
      return status.error();
    }
  }
  if (cmd.responses.size() > max_outcome_responses) {
    return make_error(
        ErrorCode::too_large,
        "An outcome holds at most " + std::to_string(max_outcome_responses) + " responses");
  }
  for (const auto& response : cmd.responses) {
    if (auto status = check_response_text(response); !status) return status.error();
  }
  for (const auto& response : cmd.responses) {
    for (const auto post : response.posts) {
      const auto found = facts.post_threads.find(post);
      if (found == facts.post_threads.end()) {
        return make_error(ErrorCode::internal, "The posts were not all looked up");
      }
      const auto& thread = found->second;
      if (!thread || thread->round != round->id || thread->stream != StreamKind::main) {
        return make_error(ErrorCode::not_found,
                          "No such post in the round's discussion: " + std::to_string(post));
      }
    }
    for (const auto organisation : response.organisations) {
      if (!std::binary_search(facts.stated_positions.begin(), facts.stated_positions.end(),
                              organisation)) {
        return make_error(ErrorCode::not_found, "No organisation with a position in this round: " +
                                                    std::to_string(organisation));
      }
    }
  }
  return one_event(main_stream(round->id),
                   OutcomeWritten{facts.current_version + 1, cmd.summary, cmd.agreed, cmd.responses,
                                  cmd.correction});
}

Decision decide(const Person& actor, const AttachDissent& cmd, const DissentFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_state_position(actor, *round)) {
    return make_error(ErrorCode::forbidden,
                      "Only the representatives of an invited organisation attach dissent");
  }
  if (round->phase != Phase::closed) {
    return make_error(ErrorCode::invalid_state,
                      round->phase == Phase::decided
                          ? "The round is decided; dissent can no longer be attached"
                          : "Dissent is attached to the outcome once the round is closed");
  }
  if (facts.outcome_version == 0) {
    return make_error(ErrorCode::invalid_state,
                      "The secretariat has not written the outcome yet; dissent is attached to it");
  }
  if (auto status = check_text(cmd.text, max_body_bytes, "The dissent"); !status) {
    return status.error();
  }
  return one_event(main_stream(round->id), DissentAttached{actor.organisation, cmd.text});
}

Decision decide(const Person& actor, const WriteMinutes& cmd, const MinutesFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (auto status = check_manages(actor, round); !status) return status.error();
  const auto& thread = facts.thread;
  if (!thread || thread->id != cmd.thread || thread->round != round->id ||
      thread->stream != StreamKind::main || thread->status != AgendaStatus::accepted) {
    return make_error(ErrorCode::not_found,
                      "No such agenda item in the round: " + std::to_string(cmd.thread));
  }
  if (round->phase != Phase::open && round->phase != Phase::closed) {
    return make_error(ErrorCode::invalid_state,
                      round->phase == Phase::decided
                          ? "The round is decided; its minutes can no longer be changed"
                          : "Minutes are written once the round is open");
  }
  if (cmd.revises != facts.current_version) {
    return make_error(ErrorCode::conflict,
                      facts.current_version == 0
                          ? "No minutes have been written for this agenda item yet; there is "
                            "nothing to revise"
                          : "Someone has changed this agenda item's minutes meanwhile (they are "
                            "now version " +
                                std::to_string(facts.current_version) + "); read them first");
  }
  const std::array<std::pair<const std::string*, std::string_view>, 3> texts{{
      {&cmd.state_input, "The state's input"},
      {&cmd.municipal_input, "The municipal sector's input"},
      {&cmd.state_comment, "The state's comment"},
  }};
  for (const auto& [text, what] : texts) {
    if (text->size() > max_body_bytes) {
      return make_error(ErrorCode::too_large, std::string(what) + " is longer than " +
                                                  std::to_string(max_body_bytes) + " bytes");
    }
  }
  if (std::all_of(texts.begin(), texts.end(),
                  [](const auto& text) { return is_blank(*text.first); })) {
    return make_error(ErrorCode::bad_request,
                      "Minutes hold at least one of the state's input, the municipal sector's "
                      "input and the state's comment");
  }
  if (cmd.posts.size() > max_minutes_posts) {
    return make_error(ErrorCode::too_large,
                      "Minutes link to at most " + std::to_string(max_minutes_posts) + " posts");
  }
  if (has_repeats(cmd.posts)) {
    return make_error(ErrorCode::bad_request, "Minutes link to the same post more than once");
  }
  for (const auto id : cmd.posts) {
    const auto found = facts.posts.find(id);
    if (found == facts.posts.end()) {
      return make_error(ErrorCode::internal, "The posts were not all looked up");
    }
    const auto& post = found->second;
    if (!post || post->thread != cmd.thread) {
      return make_error(ErrorCode::not_found,
                        "No such post in this agenda item's discussion: " + std::to_string(id));
    }
    if (post->hidden) {
      return make_error(ErrorCode::invalid_state,
                        "Post " + std::to_string(id) +
                            " is hidden by the secretariat; minutes link only to posts everyone "
                            "can read");
    }
  }
  return one_event(main_stream(round->id),
                   MinutesWritten{cmd.thread, facts.current_version + 1, cmd.state_input,
                                  cmd.municipal_input, cmd.state_comment, cmd.posts});
}

namespace {

// The joint document is worked on while the round is open or closed; a draft has none yet and a
// decided round's record holds it as it stood.
Status check_joint_document_phase(const RoundAccess& round, std::string_view what) {
  if (round.phase == Phase::draft) {
    return make_error(ErrorCode::invalid_state,
                      std::string(what) + " once the round is open; it is still a draft");
  }
  if (round.phase == Phase::decided) {
    return make_error(ErrorCode::invalid_state,
                      "The round is decided; its joint document can no longer be changed");
  }
  return Ok{};
}

}  // namespace

Decision decide(const Person& actor, const WriteJointDocument& cmd,
                const JointDocumentFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  if (!can_write_joint_document(actor, *round)) {
    return make_error(ErrorCode::forbidden,
                      "Only the secretariat and the representatives of invited organisations "
                      "write the joint document");
  }
  if (auto status = check_joint_document_phase(*round, "The joint document is written"); !status) {
    return status.error();
  }
  if (cmd.revises != facts.current_version) {
    return make_error(ErrorCode::conflict,
                      facts.current_version == 0
                          ? "No joint document has been written yet; there is nothing to revise"
                          : "Someone has changed the joint document meanwhile (it is now version " +
                                std::to_string(facts.current_version) + "); read it first");
  }
  if (auto status = check_text(cmd.text, max_proposal_bytes, "The joint document"); !status) {
    return status.error();
  }
  return one_event(main_stream(round->id),
                   JointDocumentWritten{facts.current_version + 1, cmd.text});
}

Decision decide(const Person& actor, const ApproveJointDocument& cmd,
                const JointDocumentFacts& facts) {
  const auto round = as_of(facts.round, facts.now);
  if (!round || !can_view_round(actor, *round)) {
    return make_error(ErrorCode::not_found, "No such round");
  }
  const auto side = approving_side(actor, *round);
  if (!side) {
    return make_error(ErrorCode::forbidden,
                      "The joint document is approved for the state side by the secretariat or "
                      "an invited state organisation, and for the municipal side by an invited "
                      "municipality, region or association");
  }
  if (auto status = check_joint_document_phase(*round, "The joint document is approved"); !status) {
    return status.error();
  }
  if (facts.current_version == 0) {
    return make_error(ErrorCode::invalid_state, "No joint document has been written yet");
  }
  if (cmd.version != facts.current_version) {
    return make_error(ErrorCode::conflict,
                      "Only the latest version of the joint document (version " +
                          std::to_string(facts.current_version) +
                          ") can be approved; read it first");
  }
  if (std::find(facts.approved_current.begin(), facts.approved_current.end(), *side) !=
      facts.approved_current.end()) {
    return make_error(ErrorCode::invalid_state,
                      "Your side has already approved version " + std::to_string(cmd.version));
  }
  return one_event(main_stream(round->id), JointDocumentApproved{cmd.version, *side});
}

}  // namespace samrad::domain
