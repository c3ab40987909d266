// What a carried-out command leaves in the audit log (audit_of): the command's name, the actor,
// where the request came from, the round, what the first event made or changed, what it says,
// and where the events are kept. Post bodies and proposals are not copied into the log.
#include "domain/audit.hpp"

#include <gtest/gtest.h>

#include <string>

#include "people.hpp"

namespace samrad::domain {
namespace {

using fixtures::person;

constexpr Timestamp now = 1'795'428'900'000;
constexpr RoundId round_id = 7;
const Origin from_browser{Source::web, "192.0.2.7"};

Event event(EventData data, Seq seq = 4, StreamKind stream = StreamKind::main) {
  return Event{.stream = {round_id, stream},
               .seq = seq,
               .at = now,
               .actor = person(Role::secretariat),
               .data = std::move(data),
               .access_after = std::nullopt};
}

std::string detail(const AuditRecord& record, std::string_view key) {
  for (const auto& d : record.details) {
    if (d.key == key) return d.value;
  }
  return "<none>";
}

const Organisation malmo{.id = 2, .name = "Malmö stad", .kind = OrganisationKind::municipality};

TEST(AuditOf, RecordsWhoWhatWhenAndFromWhere) {
  const auto actor = person(Role::secretariat);
  const auto record =
      audit_of(actor, ChangePhase{round_id, Phase::open},
               {event(PhaseChanged{Phase::draft, Phase::open, false})}, now, from_browser);
  EXPECT_EQ(record.action, "change_phase");
  EXPECT_EQ(record.actor, actor.id);
  EXPECT_EQ(record.at, now);
  EXPECT_EQ(record.origin.source, Source::web);
  EXPECT_EQ(record.origin.address, "192.0.2.7");
  EXPECT_EQ(record.round, round_id);
  EXPECT_EQ(record.target_kind, "round");
  EXPECT_EQ(record.target_id, round_id);
  EXPECT_EQ(detail(record, "previous"), "draft");
  EXPECT_EQ(detail(record, "phase"), "open");
  EXPECT_EQ(detail(record, "automatic"), "<none>");
  EXPECT_EQ(detail(record, "events"), "main 4");
}

TEST(AuditOf, TheAutomaticCloseSaysSo) {
  const auto record =
      audit_of(person(Role::secretariat), CloseAtClosingTime{round_id},
               {event(PhaseChanged{Phase::open, Phase::closed, true})}, now, Origin{});
  EXPECT_EQ(record.action, "close_at_closing_time");
  EXPECT_EQ(record.origin.source, Source::server);
  EXPECT_EQ(detail(record, "automatic"), "true");
  EXPECT_EQ(detail(record, "phase"), "closed");
}

TEST(AuditOf, InvitationsNameTheOrganisation) {
  const auto invited = audit_of(person(Role::secretariat), InviteOrganisation{round_id, malmo.id},
                                {event(OrganisationInvited{malmo})}, now, from_browser);
  EXPECT_EQ(invited.action, "invite_organisation");
  EXPECT_EQ(invited.target_kind, "organisation");
  EXPECT_EQ(invited.target_id, malmo.id);
  EXPECT_EQ(detail(invited, "organisation"), "Malmö stad");
  const auto withdrawn = audit_of(person(Role::secretariat), WithdrawInvitation{round_id, malmo.id},
                                  {event(InvitationWithdrawn{malmo})}, now, from_browser);
  EXPECT_EQ(withdrawn.action, "withdraw_invitation");
  EXPECT_EQ(detail(withdrawn, "organisation"), "Malmö stad");
}

TEST(AuditOf, SchedulesKeepBothTimesOrNone) {
  const auto record = audit_of(person(Role::secretariat), SetSchedule{round_id, std::nullopt, now},
                               {event(ScheduleChanged{std::nullopt, now})}, now, from_browser);
  EXPECT_EQ(record.action, "set_schedule");
  EXPECT_EQ(detail(record, "opens_at"), "");
  EXPECT_EQ(detail(record, "closes_at"), format_timestamp(now));
}

TEST(AuditOf, PostsAndThreadsNameWhatTheyMadeButDoNotCopyTheText) {
  const auto post = audit_of(person(Role::representative),
                             CreatePost{round_id, 11, 40, "Hemlig text som stannar i händelsen"},
                             {event(PostCreated{41, 11, 40, "Hemlig text som stannar i händelsen"},
                                    9, StreamKind::municipal_preparation)},
                             now, from_browser);
  EXPECT_EQ(post.action, "create_post");
  EXPECT_EQ(post.target_kind, "post");
  EXPECT_EQ(post.target_id, 41);
  EXPECT_EQ(detail(post, "thread_id"), "11");
  EXPECT_EQ(detail(post, "reply_to"), "40");
  EXPECT_EQ(detail(post, "events"), "municipal_preparation 9");
  for (const auto& d : post.details) EXPECT_EQ(d.value.find("Hemlig"), std::string::npos);

  const auto thread = audit_of(person(Role::secretariat), CreateThread{round_id, "Finansiering"},
                               {event(ThreadCreated{12, "Finansiering"})}, now, from_browser);
  EXPECT_EQ(thread.action, "create_thread");
  EXPECT_EQ(thread.target_kind, "thread");
  EXPECT_EQ(thread.target_id, 12);
  EXPECT_EQ(detail(thread, "title"), "Finansiering");
}

TEST(AuditOf, APreparationThreadNamesItsStream) {
  const auto record =
      audit_of(person(Role::representative),
               CreateThread{round_id, "Vår linje", StreamKind::municipal_preparation},
               {event(ThreadCreated{13, "Vår linje"}, 2, StreamKind::municipal_preparation)}, now,
               from_browser);
  EXPECT_EQ(record.action, "create_thread");
  EXPECT_EQ(record.target_id, 13);
  EXPECT_EQ(detail(record, "stream"), "municipal_preparation");
  // The secretariat and admins read the log; a side's preparation is that side's alone.
  EXPECT_EQ(detail(record, "title"), "<none>");
  for (const auto& d : record.details) EXPECT_EQ(d.value.find("Vår linje"), std::string::npos);
  const auto agenda = audit_of(person(Role::secretariat), CreateThread{round_id, "Finansiering"},
                               {event(ThreadCreated{12, "Finansiering"})}, now, from_browser);
  EXPECT_EQ(detail(agenda, "stream"), "<none>") << "the main stream goes without saying";
}

TEST(AuditOf, AgendaCommandsNameTheThreadAndWhatWasChosenButNotTheTexts) {
  const auto proposed = audit_of(
      person(Role::representative), ProposeAgendaItem{round_id, "Övergångsregler", "Motivering"},
      {event(AgendaItemProposed{14, "Övergångsregler", "Motivering"})}, now, from_browser);
  EXPECT_EQ(proposed.action, "propose_agenda_item");
  EXPECT_EQ(proposed.target_kind, "thread");
  EXPECT_EQ(proposed.target_id, 14);
  EXPECT_EQ(detail(proposed, "title"), "Övergångsregler");
  for (const auto& d : proposed.details) EXPECT_EQ(d.value.find("Motivering"), std::string::npos);

  const auto declined = audit_of(
      person(Role::secretariat), DecideAgendaItem{round_id, 14, false, "Hör till en annan runda"},
      {event(AgendaItemDecided{14, false, "Hör till en annan runda"})}, now, from_browser);
  EXPECT_EQ(declined.action, "decide_agenda_item");
  EXPECT_EQ(declined.target_id, 14);
  EXPECT_EQ(detail(declined, "decision"), "declined");
  EXPECT_EQ(detail(declined, "reason"), "<none>");

  const auto moved = audit_of(person(Role::secretariat), MoveThread{round_id, 14, 3},
                              {event(ThreadMoved{14, 3})}, now, from_browser);
  EXPECT_EQ(moved.action, "move_thread");
  EXPECT_EQ(detail(moved, "before"), "3");
  const auto to_end = audit_of(person(Role::secretariat), MoveThread{round_id, 14, std::nullopt},
                               {event(ThreadMoved{14, std::nullopt})}, now, from_browser);
  EXPECT_EQ(detail(to_end, "before"), "");

  const auto unlocked = audit_of(person(Role::secretariat), LockThread{round_id, 14, false},
                                 {event(ThreadLocked{14, false})}, now, from_browser);
  EXPECT_EQ(unlocked.action, "lock_thread");
  EXPECT_EQ(unlocked.target_id, 14);
  EXPECT_EQ(detail(unlocked, "locked"), "false");

  const auto pinned = audit_of(person(Role::secretariat), PinPost{round_id, 14, 41},
                               {event(PostPinned{14, 41})}, now, from_browser);
  EXPECT_EQ(pinned.action, "pin_post");
  EXPECT_EQ(pinned.target_kind, "thread");
  EXPECT_EQ(detail(pinned, "post_id"), "41");
  const auto unpinned = audit_of(person(Role::secretariat), PinPost{round_id, 14, std::nullopt},
                                 {event(PostPinned{14, std::nullopt})}, now, from_browser);
  EXPECT_EQ(detail(unpinned, "post_id"), "");

  const auto revised =
      audit_of(person(Role::secretariat), ReviseProposal{round_id, "## Hemligt utkast"},
               {event(ProposalRevised{3, "## Hemligt utkast"})}, now, from_browser);
  EXPECT_EQ(revised.action, "revise_proposal");
  EXPECT_EQ(revised.target_kind, "round");
  EXPECT_EQ(revised.target_id, round_id);
  EXPECT_EQ(detail(revised, "version"), "3");
  for (const auto& d : revised.details) EXPECT_EQ(d.value.find("Hemligt"), std::string::npos);
}

TEST(AuditOf, ANewRoundNamesItsEventsAsARange) {
  const auto record = audit_of(
      person(Role::secretariat), CreateRound{},
      {event(
           RoundCreated{
               "Statsbidrag", "## Förslag", Phase::draft, {malmo}, RoundKind::bilateral, {}},
           1),
       event(ScheduleChanged{std::nullopt, now}, 2), event(ThreadCreated{5, "Fråga"}, 3)},
      now, from_browser);
  EXPECT_EQ(record.action, "create_round");
  EXPECT_EQ(record.target_kind, "round");
  EXPECT_EQ(detail(record, "title"), "Statsbidrag");
  EXPECT_EQ(detail(record, "kind"), "bilateral");
  EXPECT_EQ(detail(record, "invited"), "Malmö stad");
  EXPECT_EQ(detail(record, "events"), "main 1-3");
  EXPECT_EQ(detail(record, "proposal"), "<none>");
}

TEST(AuditOf, SourcesHaveStableNames) {
  for (const auto source : {Source::web, Source::cli, Source::server}) {
    EXPECT_EQ(source_from(to_string(source)), source);
  }
  EXPECT_EQ(source_from("Web"), std::nullopt);
}

}  // namespace
}  // namespace samrad::domain
