// The encoders against protocol/examples/server: each example is rebuilt from C++ values and must
// be the same JSON, key order included. Also: "stream" appears only for preparation streams,
// frames are compact, and a person's email never reaches the wire.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "domain/commands.hpp"
#include "protocol/codec.hpp"
#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

namespace fx = fixtures;
using namespace std::chrono;
using domain::OrganisationKind;
using domain::Role;
using domain::StreamId;
using domain::StreamKind;

constexpr StreamId main_of_1{1, StreamKind::main};
constexpr StreamId municipal_of_1{1, StreamKind::municipal_preparation};

const domain::Organisation finansdepartementet{1, "Finansdepartementet",
                                               OrganisationKind::ministry};
const domain::Organisation malmo{2, "Malmö stad", OrganisationKind::municipality};
const domain::Person anna{3, "Anna Lind", "anna.lind@malmo.se", Role::representative, malmo};
const domain::Person erik{1, "Erik Holm", "erik.holm@regeringskansliet.se", Role::secretariat,
                          finansdepartementet};
const domain::Organisation region_skane{4, "Region Skåne", OrganisationKind::region};
const domain::Organisation skr{5, "SKR", OrganisationKind::association};
const domain::Organisation skolverket{6, "Skolverket", OrganisationKind::agency};
const domain::Organisation forum{7, "Forum för samråd", OrganisationKind::other};

// The round life cycle's examples tell the story of round 3 (see protocol/examples/README.md).
constexpr StreamId main_of_3{3, StreamKind::main};
const std::string round_3_title = "Tillitsbaserad styrning i socialtjänsten";

// An event as the store hands it on: committed, so with no access change attached.
domain::Event event_of(const StreamId& stream, domain::Seq seq, domain::Timestamp at,
                       const domain::Person& actor, domain::EventData data) {
  return {.stream = stream,
          .seq = seq,
          .at = at,
          .actor = actor,
          .data = std::move(data),
          .access_after = std::nullopt};
}

domain::Timestamp at(sys_days day, milliseconds time_of_day) {
  return (time_point_cast<milliseconds>(day) + time_of_day).time_since_epoch().count();
}

domain::RoundSummary summary(domain::RoundId id, std::string title, domain::Phase phase,
                             domain::Seq head_seq, std::string created_at, domain::RoundKind kind,
                             std::vector<domain::Sector> sectors,
                             std::optional<domain::Timestamp> opens_at,
                             std::optional<domain::Timestamp> closes_at,
                             std::vector<domain::StreamKind> preparation_streams = {}) {
  return {.id = id,
          .title = std::move(title),
          .phase = phase,
          .head_seq = head_seq,
          .created_at = std::move(created_at),
          .kind = kind,
          .sectors = std::move(sectors),
          .opens_at = opens_at,
          .closes_at = closes_at,
          .preparation_streams = std::move(preparation_streams)};
}

// The agenda's examples tell more of round 1's story (see protocol/examples/README.md): Malmö
// proposes item 12, which is accepted, moved and posted in; Kiruna proposes item 14, which is
// declined; thread 3 is locked and unlocked, post 3 of thread 1 pinned and unpinned, the
// proposal revised to version 2, and Malmö opens a municipal preparation thread.
const domain::Organisation sekretariatet{1, "Samrådssekretariatet", OrganisationKind::other};
const domain::Organisation malmo_stad{9, "Malmö stad", OrganisationKind::municipality};
const domain::Organisation kiruna_kommun{10, "Kiruna kommun", OrganisationKind::municipality};
const domain::Person sara{1, "Sara Ekström", "sekretariat@samrad.example", Role::secretariat,
                          sekretariatet};
const domain::Person anna_lind{3, "Anna Lind", "anna.lind@malmo.example", Role::representative,
                               malmo_stad};
const domain::Person erik_nilsson{4, "Erik Nilsson", "erik.nilsson@kiruna.example",
                                  Role::representative, kiruna_kommun};
const std::string revised_proposal =
    "## Förslag (reviderat)\n\nRiktade statsbidrag förs över till det generella statsbidraget i "
    "två steg.";

std::map<std::string, std::function<std::string()>> agenda_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  // Every event of the story is at 12:30:40 and some milliseconds.
  const auto at_ms = [=](int ms) { return at(nov30, 12h + 30min + 40s + milliseconds(ms)); };
  const auto proposed = [=] {
    return event_of(main_of_1, 13, at_ms(188), anna_lind,
                    domain::AgendaItemProposed{12, "Övergångsregler för pågående projekt",
                                               "Många kommuner har fleråriga projekt som i dag "
                                               "finansieras med riktade bidrag."});
  };
  const auto accepted = [=] {
    return event_of(main_of_1, 14, at_ms(202), sara, domain::AgendaItemDecided{12, true, ""});
  };
  const auto moved = [=] {
    return event_of(main_of_1, 15, at_ms(209), sara, domain::ThreadMoved{12, 2});
  };
  const auto locked = [=] {
    return event_of(main_of_1, 16, at_ms(252), sara, domain::ThreadLocked{3, true});
  };
  const auto pinned = [=] {
    return event_of(main_of_1, 17, at_ms(257), sara, domain::PostPinned{1, 3});
  };
  const auto revised = [=] {
    return event_of(main_of_1, 18, at_ms(305), sara, domain::ProposalRevised{2, revised_proposal});
  };
  const auto preparation_thread = [=] {
    return event_of(municipal_of_1, 5, at_ms(311), anna_lind,
                    domain::ThreadCreated{13, "Synpunkter på det reviderade förslaget"});
  };
  // Item 14, proposed by Kiruna and not yet decided, and item 12 while it was still proposed.
  const auto proposed_item_facts = [](domain::ThreadId thread) {
    return domain::ThreadFacts{.id = thread,
                               .round = 1,
                               .stream = StreamKind::main,
                               .status = domain::AgendaStatus::proposed,
                               .locked = false,
                               .pinned_post = std::nullopt};
  };
  const domain::RoundAccess round_1{.id = 1,
                                    .phase = domain::Phase::open,
                                    .invited = {9, 10},
                                    .kind = domain::RoundKind::plenary,
                                    .opens_at = std::nullopt,
                                    .closes_at = std::nullopt,
                                    .proposal_version = 1};
  return {
      {"event_agenda_item_proposed.json", [=] { return encode_event(proposed()); }},
      {"event_agenda_item_proposed_without_motivation.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 19, at_ms(317), erik_nilsson,
                      domain::AgendaItemProposed{14, "Statsbidrag till glesbygdens skolor", ""}));
       }},
      {"event_agenda_item_decided.json", [=] { return encode_event(accepted()); }},
      {"event_agenda_item_decided_declined.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 20, at_ms(374), sara,
             domain::AgendaItemDecided{
                 14, false, "Frågan tas upp i tråden om små och glesbefolkade kommuner."}));
       }},
      {"event_thread_moved.json", [=] { return encode_event(moved()); }},
      {"event_thread_moved_to_end.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 21, at_ms(380), sara, domain::ThreadMoved{1, std::nullopt}));
       }},
      {"event_thread_locked.json", [=] { return encode_event(locked()); }},
      {"event_thread_unlocked.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 23, at_ms(429), sara, domain::ThreadLocked{3, false}));
       }},
      {"event_post_pinned.json", [=] { return encode_event(pinned()); }},
      {"event_post_unpinned.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 22, at_ms(422), sara, domain::PostPinned{1, std::nullopt}));
       }},
      {"event_proposal_revised.json", [=] { return encode_event(revised()); }},
      {"event_thread_created_preparation.json", [=] { return encode_event(preparation_thread()); }},
      {"event_post_created_proposal_version.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 24, at_ms(470), anna_lind,
             domain::PostCreated{21, 12, std::nullopt, "Malmö stad har tre sådana projekt.", 2}));
       }},
      {"result_propose_agenda_item.json", [=] { return encode_command_result(110, proposed()); }},
      {"result_decide_agenda_item.json", [=] { return encode_command_result(111, accepted()); }},
      {"result_move_thread.json", [=] { return encode_command_result(112, moved()); }},
      {"result_lock_thread.json", [=] { return encode_command_result(113, locked()); }},
      {"result_pin_post.json", [=] { return encode_command_result(114, pinned()); }},
      {"result_revise_proposal.json", [=] { return encode_command_result(115, revised()); }},
      {"result_create_thread_preparation_stream.json",
       [=] { return encode_command_result(116, preparation_thread()); }},
      {"error_invalid_state_proposed_item.json",
       [=] {
         // The domain's own refusal of create_post_proposed_item.json (id 124): item 12 while
         // it was proposed.
         const auto refused = domain::decide(
             anna_lind,
             domain::CreatePost{1, 12, std::nullopt, "Malmö stad har tre sådana projekt."},
             domain::CreatePostFacts{.round = round_1,
                                     .thread = proposed_item_facts(12),
                                     .reply_to = std::nullopt,
                                     .new_post = 21,
                                     .now = at_ms(470)});
         return encode_error(124, refused.error());
       }},
      {"error_bad_request_declined_without_reason.json",
       [=] {
         // The domain's own refusal of decide_agenda_item_declined_without_reason.json (id 125).
         const auto refused =
             domain::decide(sara, domain::DecideAgendaItem{1, 14, false, ""},
                            domain::ThreadCommandFacts{.round = round_1,
                                                       .thread = proposed_item_facts(14),
                                                       .before = std::nullopt,
                                                       .post = std::nullopt,
                                                       .now = at_ms(374)});
         return encode_error(125, refused.error());
       }},
  };
}

// Who has answered in round 1 (see protocol/examples/README.md): the secretariat reminds
// Utbildningsdepartementet with a message and Statskontoret without one, lists who has answered,
// and is refused a reminder in the closed round 4.
std::map<std::string, std::function<std::string()>> participation_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const domain::Organisation utbildning{4, "Utbildningsdepartementet", OrganisationKind::ministry};
  const domain::Organisation socialdepartementet{3, "Socialdepartementet",
                                                 OrganisationKind::ministry};
  const domain::Organisation statskontoret{11, "Statskontoret", OrganisationKind::agency};
  const auto reminded = [=] {
    return event_of(main_of_1, 25, at(nov30, 12h + 31min + 2s + 518ms), sara,
                    domain::ReminderSent{utbildning,
                                         "Vi saknar Utbildningsdepartementets synpunkter. "
                                         "Samrådet stänger om två veckor.",
                                         true});
  };
  const auto second_reminder_at = at(nov30, 12h + 31min + 9s + 4ms);
  using Participation = domain::OrganisationParticipation;
  return {
      {"event_reminder_sent.json", [=] { return encode_event(reminded()); }},
      {"event_reminder_sent_without_message.json",
       [=] {
         return encode_event(event_of(main_of_1, 26, second_reminder_at, sara,
                                      domain::ReminderSent{statskontoret, "", true}));
       }},
      {"result_send_reminder.json", [=] { return encode_command_result(131, reminded()); }},
      {"result_list_participation.json",
       [=] {
         return encode_participation_result(
             130, 1,
             {Participation{malmo_stad,
                            {2, 1, at(nov30, 12h + 30min + 40s + 470ms)},
                            {0, {}},
                            {2, domain::Stance::supports, at(nov30, 13h + 20min + 45s + 880ms)}},
              Participation{
                  socialdepartementet, {0, 1, at(nov30 - days(2), 2h + 41min + 7s)}, {0, {}}, {}},
              Participation{statskontoret, {0, 0, {}}, {1, second_reminder_at}, {}},
              Participation{utbildning, {0, 0, {}}, {2, reminded().at}, {}}});
       }},
      {"error_invalid_state_reminder_closed_round.json",
       [=] {
         // The domain's own refusal of send_reminder_closed_round.json (id 133).
         const domain::RoundAccess round_4{.id = 4,
                                           .phase = domain::Phase::closed,
                                           .invited = {9},
                                           .kind = domain::RoundKind::plenary,
                                           .opens_at = std::nullopt,
                                           .closes_at = std::nullopt,
                                           .proposal_version = 2};
         const auto refused = domain::decide(
             sara, domain::SendReminder{4, 9, ""},
             domain::ReminderFacts{.round = round_4,
                                   .organisation = domain::OrganisationRecord{malmo_stad, true},
                                   .now = second_reminder_at});
         return encode_error(133, refused.error());
       }},
  };
}

// Who is in round 1 now: Anna Lind, Erik Nilsson and Sara Ekström follow it, by name.
std::map<std::string, std::function<std::string()>> presence_examples() {
  return {{"result_list_presence.json", [] {
             return encode_presence_result(240, 1, {anna_lind, erik_nilsson, sara});
           }}};
}

// Positions follow the reminders in round 1 (see protocol/examples/README.md): Malmö stad states
// a position with a point (seq 27) and revises it (seq 29), Kiruna kommun opposes (seq 28), and a
// second revision of version 1 is refused.
std::map<std::string, std::function<std::string()>> position_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const auto first = [=] {
    return event_of(
        main_of_1, 27, at(nov30, 13h + 2min + 11s + 204ms), anna_lind,
        domain::PositionStated{malmo_stad,
                               1,
                               domain::Stance::supports_with_reservations,
                               "Malmö stad tillstyrker att de riktade statsbidragen förs över, "
                               "under förutsättning att övergången sker i två steg.",
                               {{12, domain::Stance::supports_with_reservations,
                                 "Övergången behöver två budgetår."}}});
  };
  const domain::RoundAccess round_1{.id = 1,
                                    .phase = domain::Phase::open,
                                    .invited = {3, 4, 9, 10, 11},
                                    .kind = domain::RoundKind::plenary,
                                    .opens_at = std::nullopt,
                                    .closes_at = std::nullopt,
                                    .proposal_version = 2};
  return {
      {"event_position_stated.json", [=] { return encode_event(first()); }},
      {"result_state_position.json", [=] { return encode_command_result(141, first()); }},
      {"event_position_stated_point_without_motivation.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 28, at(nov30, 13h + 5min + 30s + 17ms), erik_nilsson,
             domain::PositionStated{kiruna_kommun,
                                    1,
                                    domain::Stance::opposes,
                                    "Kiruna kommun avstyrker: glesbygdens kostnader för "
                                    "skolskjuts fångas inte av det generella statsbidraget.",
                                    {{2, domain::Stance::opposes, ""}}}));
       }},
      {"event_position_stated_revised.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 29, at(nov30, 13h + 20min + 45s + 880ms), anna_lind,
                      domain::PositionStated{
                          malmo_stad,
                          2,
                          domain::Stance::supports,
                          "Malmö stad tillstyrker förslaget i sin helhet efter revideringen.",
                          {}}));
       }},
      {"error_conflict_stale_position.json",
       [=] {
         // The domain's own refusal of state_position_stale.json (id 143).
         const auto refused = domain::decide(
             anna_lind, domain::StatePosition{1, 1, domain::Stance::opposes, "Vi avstyrker.", {}},
             domain::PositionFacts{.round = round_1,
                                   .current_version = 2,
                                   .points = {},
                                   .now = at(nov30, 13h + 30min)});
         return encode_error(143, refused.error());
       }},
  };
}

// The outcome follows the positions in round 1 (see protocol/examples/README.md): the round is
// closed (seq 30), Sara Ekström writes the outcome (seq 31) and revises it (seq 32), a second
// revision of version 1 is refused, Kiruna kommun attaches dissent (seq 33), and round 4, closed
// without an outcome, may not be decided.
std::map<std::string, std::function<std::string()>> outcome_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const auto written = [=] {
    return event_of(
        main_of_1, 31, at(nov30, 15h + 4min + 12s + 330ms), sara,
        domain::OutcomeWritten{
            1,
            "Staten och kommunsektorn är överens om att de riktade statsbidragen förs över till "
            "det generella statsbidraget **i två steg**.",
            {"Övergången sker under två budgetår.",
             "Uppföljningen utgår från verksamhetens resultat."},
            {{"Övergången behöver två budgetår",
              {21},
              {9},
              domain::Acceptance::accepted,
              "Övergången sker 2027 och 2028."},
             {"Glesbygdens kostnader för skolskjuts",
              {},
              {10},
              domain::Acceptance::partly_accepted,
              "Kostnaderna ses över i kostnadsutjämningen, inte i detta förslag."}}});
  };
  const auto attached = [=] {
    return event_of(main_of_1, 33, at(nov30, 15h + 31min + 2s + 95ms), erik_nilsson,
                    domain::DissentAttached{kiruna_kommun,
                                            "Kiruna kommun reserverar sig: glesbygdens kostnader "
                                            "borde ha lösts i detta förslag."});
  };
  const auto round_in = [](domain::RoundId id) {
    return domain::RoundAccess{.id = id,
                               .phase = domain::Phase::closed,
                               .invited = {3, 4, 9, 10, 11},
                               .kind = domain::RoundKind::plenary,
                               .opens_at = std::nullopt,
                               .closes_at = std::nullopt,
                               .proposal_version = 2};
  };
  return {
      {"event_outcome_written.json", [=] { return encode_event(written()); }},
      {"result_write_outcome.json", [=] { return encode_command_result(171, written()); }},
      {"event_outcome_written_revised.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 32, at(nov30, 15h + 12min + 40s + 7ms), sara,
             domain::OutcomeWritten{2,
                                    "Staten och kommunsektorn är överens om att de riktade "
                                    "statsbidragen förs över **i två steg**; skolskjutsen "
                                    "utreds särskilt.",
                                    {"Övergången sker under två budgetår."},
                                    {}}));
       }},
      {"event_outcome_written_correction.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 41, at(sys_days{2026y / December / 1}, 9h + 20min + 5s + 112ms), sara,
             domain::OutcomeWritten{3,
                                    "Staten och kommunsektorn är överens om att de riktade "
                                    "statsbidragen förs över **i två steg**; skolskjutsen "
                                    "utreds särskilt under 2027.",
                                    {"Övergången sker under två budgetår."},
                                    {},
                                    "Året för utredningen av skolskjutsen föll bort i utfallet."}));
       }},
      {"error_conflict_stale_outcome.json",
       [=] {
         // The domain's own refusal of write_outcome_stale.json (id 173).
         const auto refused =
             domain::decide(sara, domain::WriteOutcome{1, 1, "Parterna är överens.", {}, {}},
                            domain::OutcomeFacts{.round = round_in(1),
                                                 .current_version = 2,
                                                 .post_threads = {},
                                                 .stated_positions = {9, 10},
                                                 .now = at(nov30, 15h + 20min)});
         return encode_error(173, refused.error());
       }},
      {"event_dissent_attached.json", [=] { return encode_event(attached()); }},
      {"result_attach_dissent.json", [=] { return encode_command_result(174, attached()); }},
      {"error_invalid_state_decided_without_outcome.json",
       [=] {
         // The domain's own refusal of change_phase_decided.json (id 175).
         const auto refused = domain::decide(sara, domain::ChangePhase{4, domain::Phase::decided},
                                             domain::RoundFacts{.round = round_in(4),
                                                                .now = at(nov30, 15h + 40min),
                                                                .ministries_invited = 0,
                                                                .outcome_version = 0});
         return encode_error(175, refused.error());
       }},
  };
}

// The joint document follows in round 1, closed (see protocol/examples/README.md): Anna Lind
// writes version 1 (seq 34), the secretariat version 2 (seq 35), a second revision of version 1
// is refused, the state side approves version 2 (seq 36), approving version 1 is refused, and
// Malmö stad approves version 2 for the municipal side (seq 37).
std::map<std::string, std::function<std::string()>> joint_document_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const std::string first_text =
      "# Gemensam överenskommelse\n\nStaten och kommunsektorn för över de riktade statsbidragen "
      "till generella bidrag.";
  const std::string second_text =
      "# Gemensam överenskommelse\n\nStaten och kommunsektorn för över de riktade statsbidragen "
      "till generella bidrag **i två steg**.\n\n- Steg 1: 2027\n- Steg 2: 2028";
  const auto written = [=] {
    return event_of(main_of_1, 36, at(nov30, 15h + 40min + 12s + 310ms), anna_lind,
                    domain::JointDocumentWritten{1, first_text});
  };
  const auto approved = [=] {
    return event_of(main_of_1, 38, at(nov30, 15h + 45min + 30s + 17ms), sara,
                    domain::JointDocumentApproved{2, domain::Side::state});
  };
  const auto facts = [=](domain::Timestamp now) {
    return domain::JointDocumentFacts{
        .round = domain::RoundAccess{.id = 1,
                                     .phase = domain::Phase::closed,
                                     .invited = {3, 4, 9, 10, 11},
                                     .kind = domain::RoundKind::plenary,
                                     .opens_at = std::nullopt,
                                     .closes_at = std::nullopt,
                                     .proposal_version = 2},
        .current_version = 2,
        .approved_current = {},
        .now = now};
  };
  return {
      {"event_joint_document_written.json", [=] { return encode_event(written()); }},
      {"result_write_joint_document.json", [=] { return encode_command_result(181, written()); }},
      {"event_joint_document_written_revised.json",
       [=] {
         return encode_event(event_of(main_of_1, 37, at(nov30, 15h + 44min + 3s + 902ms), sara,
                                      domain::JointDocumentWritten{2, second_text}));
       }},
      {"error_conflict_stale_joint_document.json",
       [=] {
         // The domain's own refusal of write_joint_document_stale.json (id 183).
         const auto refused =
             domain::decide(sara, domain::WriteJointDocument{1, 1, first_text + "\n\nTillägg."},
                            facts(at(nov30, 15h + 44min + 10s)));
         return encode_error(183, refused.error());
       }},
      {"event_joint_document_approved.json", [=] { return encode_event(approved()); }},
      {"result_approve_joint_document.json",
       [=] { return encode_command_result(184, approved()); }},
      {"error_conflict_approve_old_joint_document.json",
       [=] {
         // The domain's own refusal of approve_joint_document_old_version.json (id 185).
         const auto refused = domain::decide(anna_lind, domain::ApproveJointDocument{1, 1},
                                             facts(at(nov30, 15h + 46min)));
         return encode_error(185, refused.error());
       }},
      {"event_joint_document_approved_municipal.json",
       [=] {
         return encode_event(event_of(main_of_1, 39, at(nov30, 15h + 47min + 51s + 640ms),
                                      anna_lind,
                                      domain::JointDocumentApproved{2, domain::Side::municipal}));
       }},
  };
}

// Moderation and edits continue round 1's story (see protocol/examples/README.md): Anna Lind
// edits post 21 (seq 25), Erik Nilsson reports it (moderation stream seq 1), the secretariat
// hides it (seq 26, settling the report at moderation seq 2) and shows it again (seq 27), and
// dismisses a later report (report 2, moderation seq 4). Anna also edits her municipal
// preparation post 12.
constexpr StreamId moderation_of_1{1, StreamKind::moderation};
const std::string post_21_v1 = "Malmö stad har tre sådana projekt.";
const std::string post_21_v2 =
    "Malmö stad har tre sådana projekt. Handläggaren Karin Berg på utbildningsförvaltningen kan "
    "svara på frågor om dem.";
const std::string hide_reason = "Innehåller personuppgifter om en enskild handläggare";

std::map<std::string, std::function<std::string()>> moderation_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const auto at_hms = [=](minutes m, seconds s, int ms) {
    return at(nov30, 12h + m + s + milliseconds(ms));
  };
  const auto created_at = at_hms(30min, 40s, 470);
  const auto edited_at = at_hms(31min, 5s, 120);
  const auto hidden_at = at_hms(31min, 41s, 7);
  const auto edited = [=](bool withheld) {
    return event_of(main_of_1, 25, edited_at, anna_lind,
                    domain::PostEdited{21, 12, 2, withheld ? "" : post_21_v2, withheld});
  };
  const auto preparation_edit = [=] {
    return event_of(
        municipal_of_1, 6, at_hms(31min, 12s, 904), anna_lind,
        domain::PostEdited{12, 8, 2, "Förslag till gemensamt svar från kommunerna och regionerna.",
                           false});
  };
  const auto reported = [=] {
    return event_of(moderation_of_1, 1, at_hms(31min, 20s, 340), erik_nilsson,
                    domain::PostReported{1, 21, 12, "Inlägget namnger en enskild tjänsteperson."});
  };
  const auto hidden = [=] {
    return event_of(main_of_1, 26, hidden_at, sara, domain::PostHidden{21, 12, hide_reason});
  };
  const auto unhidden = [=](bool withheld) {
    return event_of(main_of_1, 27, at_hms(32min, 10s, 250), sara,
                    domain::PostUnhidden{21, 12, 2, withheld ? "" : post_21_v2, withheld});
  };
  const auto dismissed = [=] {
    return event_of(
        moderation_of_1, 4, at_hms(32min, 55s, 610), sara,
        domain::ReportsResolved{
            {2}, domain::ReportOutcome::dismissed, "Inlägget håller sig till sakfrågan."});
  };
  const auto history = [=](bool hidden) {
    PostHistoryView view{.round = 1,
                         .post = 21,
                         .thread = 12,
                         .hidden = std::nullopt,
                         .versions = {{1, post_21_v1, created_at}, {2, post_21_v2, edited_at}}};
    if (hidden) view.hidden = std::pair{hide_reason, hidden_at};
    return view;
  };
  return {
      {"event_post_edited.json", [=] { return encode_event(edited(false)); }},
      {"event_post_edited_withheld.json", [=] { return encode_event(edited(true)); }},
      {"event_post_edited_preparation.json", [=] { return encode_event(preparation_edit()); }},
      {"event_post_created_withheld.json",
       [=] {
         // Post 21's post_created (seq 24) read back while the post is hidden.
         domain::PostCreated created{21, 12, std::nullopt, "", 2};
         created.withheld = true;
         return encode_event(event_of(main_of_1, 24, created_at, anna_lind, created));
       }},
      {"event_post_reported.json", [=] { return encode_event(reported()); }},
      {"event_post_hidden.json", [=] { return encode_event(hidden()); }},
      {"event_reports_resolved_hidden.json",
       [=] {
         return encode_event(
             event_of(moderation_of_1, 2, hidden_at, sara,
                      domain::ReportsResolved{{1}, domain::ReportOutcome::hidden, hide_reason}));
       }},
      {"event_post_unhidden.json", [=] { return encode_event(unhidden(false)); }},
      {"event_post_unhidden_withheld.json", [=] { return encode_event(unhidden(true)); }},
      {"event_reports_resolved_dismissed.json", [=] { return encode_event(dismissed()); }},
      {"result_edit_post.json", [=] { return encode_command_result(130, edited(false)); }},
      {"result_edit_post_preparation_stream.json",
       [=] { return encode_command_result(140, preparation_edit()); }},
      {"result_subscribe_moderation_stream.json",
       [=] { return encode_subscribed_result(129, moderation_of_1, 0, "5f0c2a9e81d4b7c3"); }},
      {"result_report_post.json", [=] { return encode_command_result(131, reported()); }},
      {"result_hide_post.json", [=] { return encode_command_result(132, hidden()); }},
      {"result_post_history_hidden.json",
       [=] { return encode_post_history_result(133, history(true)); }},
      {"result_unhide_post.json", [=] { return encode_command_result(135, unhidden(false)); }},
      {"result_post_history.json", [=] { return encode_post_history_result(136, history(false)); }},
      {"result_dismiss_report.json", [=] { return encode_command_result(137, dismissed()); }},
  };
}

std::map<std::string, std::function<std::string()>> encoded_examples() {
  const auto nov23 = sys_days{2026y / November / 23};
  const auto nov25 = sys_days{2026y / November / 25};
  const auto dec1 = sys_days{2026y / December / 1};
  const auto dec15 = sys_days{2026y / December / 15};
  const auto dec18 = sys_days{2026y / December / 18};
  const auto jan29 = sys_days{2027y / January / 29};
  using domain::Phase;
  using domain::RoundKind;
  using domain::Sector;
  const auto round_3_created = [=] {
    return event_of(main_of_3, 1, at(nov25, 8h + 30min), erik,
                    domain::RoundCreated{round_3_title,
                                         "# Förslag\n\nRegeringen och kommunsektorn prövar "
                                         "**färre** detaljkrav.",
                                         Phase::draft,
                                         {finansdepartementet, malmo, region_skane, skr},
                                         RoundKind::bilateral,
                                         {Sector::health_care, Sector::social_care}});
  };
  const auto round_3_scheduled = [=] {
    return event_of(main_of_3, 2, at(nov25, 8h + 30min), erik,
                    domain::ScheduleChanged{at(dec1, 8h), at(dec15, 16h)});
  };
  const auto round_3_invited = [=] {
    return event_of(main_of_3, 3, at(nov25, 9h + 10min), erik,
                    domain::OrganisationInvited{skolverket});
  };
  const auto round_3_withdrawn = [=] {
    return event_of(main_of_3, 4, at(nov25, 9h + 12min + 30s), erik,
                    domain::InvitationWithdrawn{region_skane});
  };
  const auto round_3_opened = [=] {
    return event_of(main_of_3, 6, at(dec1, 8h), erik,
                    domain::PhaseChanged{Phase::draft, Phase::open, false});
  };
  return {
      {"welcome.json", [] { return encode_welcome(anna, 65536); }},
      {"result_list_rounds.json",
       [] {
         return encode_rounds_result(1, {{2,
                                          "Nationell konsultationsordning",
                                          domain::Phase::draft,
                                          1,
                                          "2026-11-24T08:00:00.000Z",
                                          domain::RoundKind::plenary,
                                          {},
                                          std::nullopt,
                                          std::nullopt},
                                         {1,
                                          "Generella statsbidrag som huvudprincip",
                                          domain::Phase::open,
                                          42,
                                          "2026-11-23T09:00:00.000Z",
                                          domain::RoundKind::plenary,
                                          {},
                                          std::nullopt,
                                          std::nullopt}});
       }},
      {"result_list_rounds_empty.json", [] { return encode_rounds_result(11, {}); }},
      {"result_list_rounds_schedule.json",
       [=] {
         return encode_rounds_result(
             48, {summary(4, "Statsbidrag till skolan", Phase::draft, 1, "2026-11-25T09:00:00.000Z",
                          RoundKind::plenary, {}, std::nullopt, at(jan29, 16h)),
                  summary(3, round_3_title, Phase::open, 6, "2026-11-25T08:30:00.000Z",
                          RoundKind::bilateral, {Sector::health_care, Sector::social_care},
                          at(dec1, 8h), at(dec18, 16h),
                          {domain::StreamKind::municipal_preparation,
                           domain::StreamKind::state_preparation})});
       }},
      {"result_list_organisations.json",
       [] {
         return encode_organisations_result(
             50, {finansdepartementet, forum, malmo, region_skane, skr, skolverket});
       }},
      {"result_create_round.json", [=] { return encode_command_result(51, round_3_created()); }},
      {"result_change_phase.json", [=] { return encode_command_result(54, round_3_opened()); }},
      {"result_set_schedule.json",
       [=] {
         return encode_command_result(
             55, event_of(main_of_3, 5, at(nov25, 10h), erik,
                          domain::ScheduleChanged{at(dec1, 8h), at(dec18, 16h)}));
       }},
      {"result_invite_organisation.json",
       [=] { return encode_command_result(57, round_3_invited()); }},
      {"result_withdraw_invitation.json",
       [=] { return encode_command_result(58, round_3_withdrawn()); }},
      {"error_invalid_state.json",
       [] {
         // The domain's own refusal of change_phase_closed.json (id 59) on the draft round 3.
         const auto refused = domain::decide(
             erik, domain::ChangePhase{.round = 3, .phase = Phase::closed},
             domain::RoundFacts{.round = domain::RoundAccess{.id = 3,
                                                             .phase = Phase::draft,
                                                             .invited = {1, 2, 5, 6},
                                                             .kind = RoundKind::bilateral,
                                                             .opens_at = std::nullopt,
                                                             .closes_at = std::nullopt},
                                .now = 0});
         return encode_error(59, refused.error());
       }},
      {"event_round_created_bilateral.json", [=] { return encode_event(round_3_created()); }},
      {"event_round_created_plenary.json",
       [=] {
         return encode_event(event_of(
             {4, StreamKind::main}, 1, at(nov25, 9h), erik,
             domain::RoundCreated{
                 "Statsbidrag till skolan", "", Phase::draft, {}, RoundKind::plenary, {}}));
       }},
      {"event_schedule_changed.json", [=] { return encode_event(round_3_scheduled()); }},
      {"event_schedule_changed_cleared.json",
       [=] {
         return encode_event(event_of(main_of_1, 7, at(nov23, 10h + 20min), erik,
                                      domain::ScheduleChanged{std::nullopt, std::nullopt}));
       }},
      {"event_organisation_invited.json", [=] { return encode_event(round_3_invited()); }},
      {"event_invitation_withdrawn.json", [=] { return encode_event(round_3_withdrawn()); }},
      {"event_phase_changed.json", [=] { return encode_event(round_3_opened()); }},
      {"event_phase_changed_automatic.json",
       [=] {
         return encode_event(event_of(main_of_3, 7, at(dec18, 16h + 640ms), erik,
                                      domain::PhaseChanged{Phase::open, Phase::closed, true}));
       }},
      {"subscription_ended.json",
       [] { return encode_subscription_ended(main_of_3, "access_withdrawn"); }},
      {"subscription_ended_preparation_stream.json",
       [] {
         return encode_subscription_ended({3, StreamKind::municipal_preparation},
                                          "access_withdrawn");
       }},
      {"result_subscribe.json",
       [] { return encode_subscribed_result(2, main_of_1, 42, "5f0c2a9e81d4b7c3"); }},
      {"result_subscribe_preparation_stream.json",
       [] { return encode_subscribed_result(12, municipal_of_1, 0, "5f0c2a9e81d4b7c3"); }},
      {"result_unsubscribe.json", [] { return encode_unsubscribed_result(4, main_of_1); }},
      {"result_unsubscribe_preparation_stream.json",
       [] { return encode_unsubscribed_result(13, municipal_of_1); }},
      {"result_create_thread.json",
       [=] {
         return encode_command_result(5, event_of(main_of_1, 43, at(nov23, 9h), erik,
                                                  domain::ThreadCreated{7, "Finansiering"}));
       }},
      {"result_create_post.json",
       [=] {
         return encode_command_result(
             6, event_of(main_of_1, 44, at(nov23, 10h), anna,
                         domain::PostCreated{120, 2, std::nullopt, "Ja.", std::nullopt}));
       }},
      {"error_not_found.json",
       [] {
         return encode_error(7, {domain::ErrorCode::not_found, "No such round"});
       }},
      {"error_stale_position.json",
       [] {
         return encode_error(3, {domain::ErrorCode::stale_position,
                                 "since 42 is beyond the newest seq of the stream (7)"});
       }},
      {"error_without_id.json",
       [] {
         return encode_error(std::nullopt,
                             {domain::ErrorCode::bad_json, "The message is not valid JSON"});
       }},
      {"event_round_created.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 1, at(nov23, 9h), erik,
             domain::RoundCreated{
                 "Generella statsbidrag som huvudprincip",
                 "# Förslag\n\nRiktade statsbidrag ersätts i huvudsak av **generella** bidrag.",
                 domain::Phase::open,
                 {malmo,
                  {4, "Region Skåne", OrganisationKind::region},
                  {5, "SKR", OrganisationKind::association},
                  {6, "Skolverket", OrganisationKind::agency},
                  {7, "Forum för samråd", OrganisationKind::other}},
                 std::nullopt,
                 {}}));
       }},
      {"event_thread_created.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 2, at(nov23, 9h + 5min + 250ms), erik,
                      domain::ThreadCreated{2, "Konsekvenser för kommunernas planering"}));
       }},
      {"event_post_created.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 5, at(nov23, 10h + 15min + 123ms), anna,
             domain::PostCreated{10, 2, std::nullopt, "Malmö stad ser **positivt** på förslaget.",
                                 std::nullopt}));
       }},
      {"event_post_created_preparation.json",
       [=] {
         return encode_event(event_of(
             municipal_of_1, 1, at(nov23, 11h + 2min + 45s + 500ms), anna,
             domain::PostCreated{12, 8, std::nullopt,
                                 "Förslag till gemensamt svar från kommunerna.", std::nullopt}));
       }},
      {"event_post_created_reply.json",
       [=] {
         return encode_event(
             event_of(main_of_1, 6, at(nov23, 10h + 16min + 30s + 7ms), erik,
                      domain::PostCreated{11, 2, 10, "Tack. Hur ser ni på en övergångsperiod?",
                                          std::nullopt}));
       }},
  };
}

// Minutes of agenda item 12 follow the outcome in round 1 (see protocol/examples/README.md): Sara
// Ekström writes them (seq 34), linking post 21, and revises them with the state's comment (seq
// 35); a second revision of version 1 is refused.
std::map<std::string, std::function<std::string()>> minutes_examples() {
  const auto nov30 = sys_days{2026y / November / 30};
  const std::string state_input =
      "Staten vill att de riktade statsbidragen förs över **i två steg**.";
  const std::string municipal_input = "Malmö stad vill att övergången sker under två budgetår.";
  const auto written = [=] {
    return event_of(main_of_1, 34, at(nov30, 15h + 40min), sara,
                    domain::MinutesWritten{12, 1, state_input, municipal_input, "", {21}});
  };
  return {
      {"event_minutes_written.json", [=] { return encode_event(written()); }},
      {"result_write_minutes.json", [=] { return encode_command_result(231, written()); }},
      {"event_minutes_written_revised.json",
       [=] {
         return encode_event(event_of(
             main_of_1, 35, at(nov30, 15h + 45min + 30s + 250ms), sara,
             domain::MinutesWritten{
                 12, 2, state_input, municipal_input, "Staten godtar två budgetår.", {21}}));
       }},
      {"error_conflict_stale_minutes.json",
       [=] {
         // The domain's own refusal of write_minutes_stale.json (id 233).
         const auto refused = domain::decide(
             sara, domain::WriteMinutes{1, 12, 1, "", "", "Staten återkommer.", {}},
             domain::MinutesFacts{.round = domain::RoundAccess{.id = 1,
                                                               .phase = domain::Phase::closed,
                                                               .invited = {3, 4, 9, 10, 11},
                                                               .kind = domain::RoundKind::plenary,
                                                               .opens_at = std::nullopt,
                                                               .closes_at = std::nullopt,
                                                               .proposal_version = 2},
                                  .thread = domain::ThreadFacts{.id = 12, .round = 1},
                                  .current_version = 2,
                                  .posts = {},
                                  .now = at(nov30, 15h + 50min)});
         return encode_error(233, refused.error());
       }},
  };
}

// An event's frame is written without a JSON tree (codec.cpp, FrameWriter); its text must be
// the bytes dumping it gives: escapes, and invalid UTF-8 replaced, for any bytes at all.
TEST(EncodeEvent, TextIsWrittenAsDumpingItWould) {
  const auto dumped = [](const std::string& text) {
    return nlohmann::ordered_json(text).dump(-1, ' ', false,
                                             nlohmann::ordered_json::error_handler_t::replace);
  };
  std::vector<std::string> texts = {"Malmö stad",
                                    "Region Skåne 🙂",
                                    "\"citat\" och \\",
                                    "rad\nbrytning\t\x01\x1f\x7f",
                                    "\xc0\xaf",
                                    "\xed\xa0\x80",
                                    "\xe2\x82",
                                    "\xf4\x90\x80\x80",
                                    "\xf0\x9f\x99",
                                    "ok\xffslut",
                                    "",
                                    std::string("nul\0tecken", 10)};
  std::mt19937 bits(20261202);
  for (int i = 0; i < 5000; ++i) {
    std::string text(bits() % 12, ' ');
    for (auto& c : text) {
      // Mostly UTF-8 lead and continuation bytes, so that valid sequences occur too.
      const auto pick = bits() % 4;
      c = static_cast<char>(pick == 0   ? 0x80 + bits() % 0x40
                            : pick == 1 ? 0xc0 + bits() % 0x38
                            : pick == 2 ? bits() % 0x80
                                        : bits() % 0x100);
    }
    texts.push_back(std::move(text));
  }
  for (const auto& text : texts) {
    auto actor = anna;
    actor.name = text;
    actor.organisation.name = text;
    const auto frame = encode_event(
        event_of(municipal_of_1, 7, 0, actor, domain::PostCreated{9, 8, std::nullopt, text}));
    const auto expected = R"("actor":{"id":3,"name":)" + dumped(text) +
                          R"(,"role":"representative","organisation":{"id":2,"name":)" +
                          dumped(text) + R"(,"kind":"municipality","side":"municipal"}})";
    ASSERT_NE(frame.find(expected), std::string::npos) << frame;
    ASSERT_NE(frame.find(R"("body":)" + dumped(text)), std::string::npos) << frame;
    ASSERT_TRUE(
        frame.starts_with(R"({"type":"event","round_id":1,"stream":"municipal_preparation")"
                          R"(,"seq":7,"at":"1970-01-01T00:00:00.000Z","kind":"post_created")"))
        << frame;
  }
}

TEST(Encode, EveryServerExampleIsWhatTheEncoderProduces) {
  const auto folder = fx::protocol_dir() / "examples" / "server";
  auto examples = encoded_examples();
  for (auto& [name, encode] : agenda_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : participation_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : presence_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : moderation_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : position_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : outcome_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : minutes_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  for (auto& [name, encode] : joint_document_examples()) {
    EXPECT_TRUE(examples.emplace(name, std::move(encode)).second) << name << " twice";
  }
  std::set<std::string> covered;
  for (const auto& [name, encode] : examples) covered.insert(name);
  EXPECT_EQ(fx::file_names(folder), covered) << "every server example needs a case here";

  for (const auto& [name, encode] : examples) {
    SCOPED_TRACE(name);
    const auto frame = encode();
    const auto decoded = nlohmann::json::parse(frame, nullptr, false);
    ASSERT_FALSE(decoded.is_discarded()) << frame;
    EXPECT_EQ(decoded, fx::read_json(folder / name)) << frame;
    // compact: exactly what a serializer without indentation makes of it, key order kept
    EXPECT_EQ(frame, nlohmann::ordered_json::parse(frame).dump());
    EXPECT_EQ(frame.rfind(R"({"type":)", 0), 0u) << "type comes first";
    // The keys in the example's order too (the spec fixes it), so the frame is the example
    // byte for byte, bar the example's final newline.
    EXPECT_EQ(frame + "\n", fx::read_bytes(folder / name));
  }
}

TEST(Encode, APersonsEmailNeverReachesTheWire) {
  const auto event = encode_event(event_of(
      main_of_1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej", std::nullopt}));
  EXPECT_EQ(event.find(anna.email), std::string::npos) << event;
  EXPECT_EQ(encode_welcome(anna, 65536).find(anna.email), std::string::npos);
  const auto person = person_json(anna);
  EXPECT_FALSE(person.contains("email"));
  EXPECT_EQ(person.at("organisation").at("side"), "municipal");
}

TEST(Encode, InvalidUtf8InStoredTextIsReplacedNotThrown) {
  std::string frame;
  ASSERT_NO_THROW(frame = encode_event(event_of(
                      main_of_1, 5, 0, anna,
                      domain::PostCreated{10, 2, std::nullopt, "bad \xC3 byte", std::nullopt})));
  const auto body = nlohmann::json::parse(frame).at("data").at("body").get<std::string>();
  EXPECT_EQ(body, "bad \xEF\xBF\xBD byte");  // U+FFFD
}

TEST(Encode, WelcomeCarriesTheConfiguredLimit) {
  const auto welcome = nlohmann::json::parse(encode_welcome(anna, 1234));
  EXPECT_EQ(welcome.at("limits").at("max_message_bytes"), 1234);
  EXPECT_EQ(welcome.at("protocol"), version);
}

// --- streams ---

constexpr auto all_streams = domain::stream_kinds;

// The keys of a frame's object in their order.
std::vector<std::string> keys_of(const nlohmann::ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

// The keys a place in a stream takes: "round_id", then "stream" only when not main.
std::vector<std::string> place_keys(StreamKind kind) {
  if (kind == StreamKind::main) return {"round_id"};
  return {"round_id", "stream"};
}

std::vector<std::string> with(std::vector<std::string> keys,
                              std::initializer_list<std::string> more) {
  keys.insert(keys.begin(), more);
  return keys;
}

std::vector<std::string> then(std::vector<std::string> keys,
                              std::initializer_list<std::string> more) {
  keys.insert(keys.end(), more);
  return keys;
}

TEST(EncodeStream, EventsNameTheStreamOnlyWhenItIsNotMain) {
  for (const auto kind : all_streams) {
    SCOPED_TRACE(std::string(domain::to_string(kind)));
    const auto frame = nlohmann::ordered_json::parse(encode_event(event_of(
        {9, kind}, 3, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej", std::nullopt})));
    EXPECT_EQ(keys_of(frame),
              then(with(place_keys(kind), {"type"}), {"seq", "at", "kind", "actor", "data"}));
    EXPECT_EQ(frame.at("round_id"), 9);
    EXPECT_EQ(frame.at("seq"), 3);
    if (kind != StreamKind::main) {
      EXPECT_EQ(frame.at("stream"), domain::to_string(kind));
    }
  }
}

TEST(EncodeStream, SubscribeAndUnsubscribeResultsNameTheStreamOnlyWhenItIsNotMain) {
  for (const auto kind : all_streams) {
    SCOPED_TRACE(std::string(domain::to_string(kind)));
    const auto subscribed =
        nlohmann::ordered_json::parse(encode_subscribed_result(21, {9, kind}, 17, "e1"));
    EXPECT_EQ(subscribed.at("id"), 21);
    EXPECT_EQ(keys_of(subscribed.at("result")), then(place_keys(kind), {"head_seq", "epoch"}));
    EXPECT_EQ(subscribed.at("result").at("head_seq"), 17);
    const auto unsubscribed =
        nlohmann::ordered_json::parse(encode_unsubscribed_result(22, {9, kind}));
    EXPECT_EQ(keys_of(unsubscribed.at("result")), place_keys(kind));
    if (kind != StreamKind::main) {
      EXPECT_EQ(subscribed.at("result").at("stream"), domain::to_string(kind));
      EXPECT_EQ(unsubscribed.at("result").at("stream"), domain::to_string(kind));
    }
  }
}

TEST(EncodeStream, CommandResultsCarryTheEventsPlaceAndTheNewId) {
  for (const auto kind : all_streams) {
    SCOPED_TRACE(std::string(domain::to_string(kind)));
    const auto post = nlohmann::ordered_json::parse(encode_command_result(
        31, event_of({9, kind}, 4, 0, anna,
                     domain::PostCreated{77, 2, std::nullopt, "Hej", std::nullopt})));
    EXPECT_EQ(post.at("id"), 31);
    EXPECT_EQ(keys_of(post.at("result")), then(place_keys(kind), {"seq", "post_id"}));
    EXPECT_EQ(post.at("result").at("seq"), 4);
    EXPECT_EQ(post.at("result").at("post_id"), 77);
    if (kind != StreamKind::main) {
      EXPECT_EQ(post.at("result").at("stream"), domain::to_string(kind));
    }
  }
  const auto thread = nlohmann::ordered_json::parse(encode_command_result(
      32, event_of({9, StreamKind::main}, 5, 0, erik, domain::ThreadCreated{66, "Finansiering"})));
  EXPECT_EQ(keys_of(thread.at("result")),
            (std::vector<std::string>{"round_id", "seq", "thread_id"}));
  EXPECT_EQ(thread.at("result").at("thread_id"), 66);
}

TEST(EncodeStream, AMainStreamFrameIsTheSameWhetherOrNotStreamsExist) {
  // Byte for byte what protocol v1 sent before streams: no "stream" key anywhere.
  EXPECT_EQ(encode_subscribed_result(2, main_of_1, 42, "e1"),
            R"({"type":"result","id":2,"result":{"round_id":1,"head_seq":42,"epoch":"e1"}})");
  EXPECT_EQ(encode_unsubscribed_result(4, main_of_1),
            R"({"type":"result","id":4,"result":{"round_id":1}})");
  EXPECT_EQ(encode_command_result(
                6, event_of(main_of_1, 44, 0, anna,
                            domain::PostCreated{120, 2, std::nullopt, "Ja.", std::nullopt})),
            R"({"type":"result","id":6,"result":{"round_id":1,"seq":44,"post_id":120}})");
  const auto event = encode_event(event_of(
      main_of_1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej", std::nullopt}));
  EXPECT_EQ(event.find("\"stream\""), std::string::npos) << event;
  EXPECT_EQ(event.rfind(R"({"type":"event","round_id":1,"seq":5,)", 0), 0u) << event;
}

TEST(EncodeStream, TheStreamIsWrittenWithItsProtocolSpelling) {
  EXPECT_NE(encode_event(event_of({1, StreamKind::state_preparation}, 1, 0, erik,
                                  domain::ThreadCreated{3, "Statens förberedelse"}))
                .find(R"("round_id":1,"stream":"state_preparation","seq":1,)"),
            std::string::npos);
  EXPECT_NE(
      encode_subscribed_result(5, {1, StreamKind::municipal_preparation}, 0, "e1")
          .find(R"({"round_id":1,"stream":"municipal_preparation","head_seq":0,"epoch":"e1"})"),
      std::string::npos);
}

}  // namespace
}  // namespace samrad::protocol
