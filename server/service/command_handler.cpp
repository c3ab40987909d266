// The command handler (see command_handler.hpp): facts in, decision by the domain, events out.
#include "service/command_handler.hpp"

#include <type_traits>
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
    if (invited && invited->kind == domain::OrganisationKind::ministry) ++count;
  }
  return count;
}

template <class Command>
requires std::is_same_v<Command, domain::ChangePhase> ||
    std::is_same_v<Command, domain::SetSchedule> ||
    std::is_same_v<Command, domain::CloseAtClosingTime>
        domain::RoundFacts facts_for(store::WriteTransaction& tx, const Command& cmd,
                                     domain::Timestamp now) {
  domain::RoundFacts facts{.round = tx.round(cmd.round), .now = now, .ministries_invited = 0};
  if constexpr (std::is_same_v<Command, domain::ChangePhase>) {
    facts.ministries_invited = ministries_invited(tx, facts.round);
  }
  return facts;
}

template <class Command>
requires std::is_same_v<Command, domain::InviteOrganisation> ||
    std::is_same_v<Command, domain::WithdrawInvitation>
        domain::InvitationFacts facts_for(store::WriteTransaction& tx, const Command& cmd,
                                          domain::Timestamp) {
  auto round = tx.round(cmd.round);
  const auto ministries = ministries_invited(tx, round);
  return {.round = std::move(round),
          .organisation = tx.organisation(cmd.organisation),
          .ministries_invited = ministries};
}

}  // namespace

store::Appended carry_out(store::WriteTransaction& tx, const Caller& caller, domain::Timestamp now,
                          const domain::Command& command) {
  if (caller.session_hash && !tx.session_is_live(*caller.session_hash, now)) {
    return domain::make_error(domain::ErrorCode::unauthenticated,
                              "Your session has ended; log in again");
  }
  auto decision = std::visit(
      [&](const auto& cmd) { return domain::decide(caller.person, cmd, facts_for(tx, cmd, now)); },
      command);
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
  return 64;  // a life-cycle command writes a line or two
}

}  // namespace samrad::service
