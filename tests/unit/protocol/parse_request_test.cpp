// The request parser against protocol/examples: every valid client example is understood, every
// invalid frame gets exactly the error its manifest names; plus the limits no fixture can hold,
// the stream field of subscribe/unsubscribe, and the one blank rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "domain/result.hpp"
#include "domain/text.hpp"
#include "protocol/codec.hpp"
#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

namespace fx = fixtures;

// A readable one-line description of a parsed request, so expectations read like the examples.
std::string describe(const domain::StreamId& stream) {
  return "round=" + std::to_string(stream.round) + " stream=" + std::string(to_string(stream.kind));
}

std::string describe(const std::optional<domain::Timestamp>& time) {
  return time ? domain::format_timestamp(*time) : "null";
}

template <class T, class Name>
std::string describe_all(const std::vector<T>& items, Name name) {
  std::string text = "[";
  for (const auto& item : items) text += (text.size() > 1 ? "," : "") + name(item);
  return text + "]";
}

struct Describe {
  std::string operator()(const ListRounds&) const { return "list_rounds"; }
  std::string operator()(const ListOrganisations&) const { return "list_organisations"; }
  std::string operator()(const Subscribe& s) const {
    return "subscribe " + describe(s.stream) + " since=" + std::to_string(s.since) +
           (s.epoch ? " epoch=" + *s.epoch : "");
  }
  std::string operator()(const Unsubscribe& u) const { return "unsubscribe " + describe(u.stream); }
  std::string operator()(const domain::CreateThread& t) const {
    return "create_thread round=" + std::to_string(t.round) +
           " stream=" + std::string(to_string(t.stream)) + " title=" + t.title;
  }
  std::string operator()(const domain::CreatePost& p) const {
    return "create_post round=" + std::to_string(p.round) + " thread=" + std::to_string(p.thread) +
           " reply_to=" + (p.reply_to ? std::to_string(*p.reply_to) : "none") + " body=" + p.body;
  }
  std::string operator()(const domain::CreateRound& r) const {
    return "create_round title=" + r.title + " proposal=" + r.proposal +
           " phase=" + std::string(to_string(r.phase)) + " kind=" + std::string(to_string(r.kind)) +
           " sectors=" +
           describe_all(r.sectors, [](domain::Sector s) { return std::string(to_string(s)); }) +
           " invited=" +
           describe_all(r.invited, [](domain::OrganisationId id) { return std::to_string(id); }) +
           " opens_at=" + describe(r.opens_at) + " closes_at=" + describe(r.closes_at) +
           " agenda=" + describe_all(r.agenda, [](const std::string& title) { return title; });
  }
  std::string operator()(const domain::ChangePhase& c) const {
    return "change_phase round=" + std::to_string(c.round) +
           " phase=" + std::string(to_string(c.phase));
  }
  std::string operator()(const domain::SetSchedule& s) const {
    return "set_schedule round=" + std::to_string(s.round) + " opens_at=" + describe(s.opens_at) +
           " closes_at=" + describe(s.closes_at);
  }
  std::string operator()(const domain::InviteOrganisation& i) const {
    return "invite_organisation round=" + std::to_string(i.round) +
           " organisation=" + std::to_string(i.organisation);
  }
  std::string operator()(const domain::WithdrawInvitation& w) const {
    return "withdraw_invitation round=" + std::to_string(w.round) +
           " organisation=" + std::to_string(w.organisation);
  }
  std::string operator()(const domain::ProposeAgendaItem& p) const {
    return "propose_agenda_item round=" + std::to_string(p.round) + " title=" + p.title +
           " motivation=" + p.motivation;
  }
  std::string operator()(const domain::DecideAgendaItem& d) const {
    return "decide_agenda_item round=" + std::to_string(d.round) +
           " thread=" + std::to_string(d.thread) + " accept=" + (d.accept ? "true" : "false") +
           " reason=" + d.reason;
  }
  std::string operator()(const domain::MoveThread& m) const {
    return "move_thread round=" + std::to_string(m.round) + " thread=" + std::to_string(m.thread) +
           " before=" + (m.before ? std::to_string(*m.before) : "none");
  }
  std::string operator()(const domain::LockThread& l) const {
    return "lock_thread round=" + std::to_string(l.round) + " thread=" + std::to_string(l.thread) +
           " locked=" + (l.locked ? "true" : "false");
  }
  std::string operator()(const domain::PinPost& p) const {
    return "pin_post round=" + std::to_string(p.round) + " thread=" + std::to_string(p.thread) +
           " post=" + (p.post ? std::to_string(*p.post) : "none");
  }
  std::string operator()(const domain::ReviseProposal& r) const {
    return "revise_proposal round=" + std::to_string(r.round) + " proposal=" + r.proposal;
  }
  std::string operator()(const domain::EditPost& e) const {
    return "edit_post round=" + std::to_string(e.round) + " post=" + std::to_string(e.post) +
           " body=" + e.body;
  }
  std::string operator()(const domain::HidePost& h) const {
    return "hide_post round=" + std::to_string(h.round) + " post=" + std::to_string(h.post) +
           " reason=" + h.reason;
  }
  std::string operator()(const domain::UnhidePost& u) const {
    return "unhide_post round=" + std::to_string(u.round) + " post=" + std::to_string(u.post);
  }
  std::string operator()(const domain::ReportPost& r) const {
    return "report_post round=" + std::to_string(r.round) + " post=" + std::to_string(r.post) +
           " reason=" + r.reason;
  }
  std::string operator()(const domain::DismissReport& d) const {
    return "dismiss_report round=" + std::to_string(d.round) +
           " report=" + std::to_string(d.report) + " note=" + d.note;
  }
  std::string operator()(const PostHistoryRequest& p) const {
    return "post_history round=" + std::to_string(p.round) + " post=" + std::to_string(p.post);
  }
  std::string operator()(const ListParticipation& l) const {
    return "list_participation round=" + std::to_string(l.round);
  }
  std::string operator()(const ListPresence& l) const {
    return "list_presence round=" + std::to_string(l.round);
  }
  std::string operator()(const domain::SendReminder& r) const {
    return "send_reminder round=" + std::to_string(r.round) +
           " organisation=" + std::to_string(r.organisation) + " message=" + r.message;
  }
  std::string operator()(const domain::StatePosition& p) const {
    std::string text = "state_position round=" + std::to_string(p.round) +
                       " revises=" + std::to_string(p.revises) +
                       " stance=" + std::string(domain::to_string(p.stance)) +
                       " motivation=" + p.motivation;
    for (const auto& point : p.points) {
      text += " point=" + std::to_string(point.thread) + ":" +
              std::string(domain::to_string(point.stance)) + ":" + point.motivation;
    }
    return text;
  }
  std::string operator()(const domain::WriteOutcome& o) const {
    std::string text = "write_outcome round=" + std::to_string(o.round) +
                       " revises=" + std::to_string(o.revises) + " summary=" + o.summary;
    for (const auto& point : o.agreed) text += " agreed=" + point;
    for (const auto& response : o.responses) {
      text += " response=" + response.point + ":" +
              std::string(domain::to_string(response.response)) + ":" + response.reason + " posts=";
      for (const auto post : response.posts) text += std::to_string(post) + ",";
      text += " organisations=";
      for (const auto organisation : response.organisations) {
        text += std::to_string(organisation) + ",";
      }
    }
    if (o.correction) text += " correction=" + *o.correction;
    return text;
  }
  std::string operator()(const domain::WriteMinutes& m) const {
    std::string text =
        "write_minutes round=" + std::to_string(m.round) + " thread=" + std::to_string(m.thread) +
        " revises=" + std::to_string(m.revises) + " state=" + m.state_input +
        " municipal=" + m.municipal_input + " comment=" + m.state_comment + " posts=";
    for (const auto post : m.posts) text += std::to_string(post) + ",";
    return text;
  }
  std::string operator()(const domain::AttachDissent& d) const {
    return "attach_dissent round=" + std::to_string(d.round) + " text=" + d.text;
  }
  std::string operator()(const domain::WriteJointDocument& w) const {
    return "write_joint_document round=" + std::to_string(w.round) +
           " revises=" + std::to_string(w.revises) + " text=" + w.text;
  }
  std::string operator()(const domain::ApproveJointDocument& a) const {
    return "approve_joint_document round=" + std::to_string(a.round) +
           " version=" + std::to_string(a.version);
  }
};

std::string describe(const Request& request) {
  return std::to_string(request.id) + " " + std::visit(Describe{}, request.body);
}

ParseFailure expect_failure(const std::variant<Request, ParseFailure>& parsed) {
  if (const auto* request = std::get_if<Request>(&parsed)) {
    ADD_FAILURE() << "accepted: " << describe(*request);
    return {std::nullopt, {domain::ErrorCode::internal, ""}};
  }
  return std::get<ParseFailure>(parsed);
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string repeated;
  for (std::size_t i = 0; i < times; ++i) repeated += text;
  return repeated;
}

TEST(ParseRequest, EveryValidClientExampleParsesToItsValues) {
  const std::map<std::string, std::string> expected = {
      {"list_rounds.json", "1 list_rounds"},
      {"subscribe.json", "2 subscribe round=1 stream=main since=0"},
      {"subscribe_resume.json", "3 subscribe round=1 stream=main since=42 epoch=5f0c2a9e81d4b7c3"},
      {"subscribe_main_stream_named.json", "14 subscribe round=1 stream=main since=42"},
      {"subscribe_preparation_stream.json",
       "12 subscribe round=1 stream=municipal_preparation since=0"},
      {"unsubscribe.json", "4 unsubscribe round=1 stream=main"},
      {"unsubscribe_preparation_stream.json",
       "13 unsubscribe round=1 stream=municipal_preparation"},
      {"create_thread.json",
       "5 create_thread round=1 stream=main title=Hur påverkas kommunernas planering av riktade "
       "statsbidrag?"},
      {"create_thread_title_300_bytes.json",
       "25 create_thread round=1 stream=main title=" + repeat("å", 150)},
      {"create_post.json",
       "6 create_post round=1 thread=2 reply_to=none body=Malmö stad ser **positivt** på "
       "förslaget."},
      {"create_post_with_key.json",
       "7 create_post round=1 thread=2 reply_to=none body=Skickat igen efter ett avbrott: samma "
       "nyckel, samma svar."},
      {"create_post_reply.json",
       "7 create_post round=1 thread=2 reply_to=10 body=Instämmer, men bidragen bör\nräknas upp "
       "årligen."},
      {"create_post_without_reply_to.json",
       "9007199254740991 create_post round=1 thread=2 reply_to=none body=Kiruna kommun avstår."},
      {"create_post_escaped.json",
       "8 create_post round=1 thread=3 reply_to=none body=Region Skåne: \"ja\"\t\xF0\x9F\x91\x8D"},
      {"list_organisations.json", "50 list_organisations"},
      {"create_round.json",
       "51 create_round title=Tillitsbaserad styrning i socialtjänsten proposal=# Förslag\n\n"
       "Regeringen och kommunsektorn prövar **färre** detaljkrav. phase=draft kind=bilateral "
       "sectors=[health_care,social_care] invited=[1,2,4,5] opens_at=2026-12-01T08:00:00.000Z "
       "closes_at=2026-12-15T16:00:00.000Z agenda=[Vilka detaljkrav kan tas bort?,Uppföljning "
       "utan ny rapportering]"},
      {"create_round_minimal.json",
       "52 create_round title=Statsbidrag till skolan proposal= phase=draft kind=plenary "
       "sectors=[] invited=[] opens_at=null closes_at=null agenda=[]"},
      {"create_round_schedule_null.json",
       "53 create_round title=Samråd om äldreomsorgen proposal=Förslaget skrivs senare. "
       "phase=draft kind=plenary sectors=[] invited=[] opens_at=null closes_at=null agenda=[]"},
      {"change_phase.json", "54 change_phase round=3 phase=open"},
      {"change_phase_closed.json", "59 change_phase round=3 phase=closed"},
      {"set_schedule.json",
       "55 set_schedule round=3 opens_at=2026-12-01T08:00:00.000Z "
       "closes_at=2026-12-18T16:00:00.000Z"},
      {"set_schedule_cleared.json", "56 set_schedule round=1 opens_at=null closes_at=null"},
      {"invite_organisation.json", "57 invite_organisation round=3 organisation=6"},
      {"withdraw_invitation.json", "58 withdraw_invitation round=3 organisation=4"},
      // The agenda, preparation threads and proposal versions (protocol/examples/README.md).
      {"create_thread_preparation_stream.json",
       "116 create_thread round=1 stream=municipal_preparation title=Synpunkter på det "
       "reviderade förslaget"},
      {"propose_agenda_item.json",
       "110 propose_agenda_item round=1 title=Övergångsregler för pågående projekt "
       "motivation=Många kommuner har fleråriga projekt som i dag finansieras med riktade "
       "bidrag."},
      {"propose_agenda_item_without_motivation.json",
       "117 propose_agenda_item round=1 title=Statsbidrag till glesbygdens skolor motivation="},
      {"decide_agenda_item.json", "111 decide_agenda_item round=1 thread=12 accept=true reason="},
      {"decide_agenda_item_declined.json",
       "118 decide_agenda_item round=1 thread=14 accept=false reason=Frågan tas upp i tråden om "
       "små och glesbefolkade kommuner."},
      // Parsed: the missing reason is the domain's refusal (bad_request), not the codec's.
      {"decide_agenda_item_declined_without_reason.json",
       "125 decide_agenda_item round=1 thread=14 accept=false reason="},
      {"move_thread.json", "112 move_thread round=1 thread=12 before=2"},
      {"move_thread_to_end.json", "119 move_thread round=1 thread=1 before=none"},
      {"lock_thread.json", "113 lock_thread round=1 thread=3 locked=true"},
      {"lock_thread_unlocked.json", "121 lock_thread round=1 thread=3 locked=false"},
      {"pin_post.json", "114 pin_post round=1 thread=1 post=3"},
      {"pin_post_removed.json", "120 pin_post round=1 thread=1 post=none"},
      {"revise_proposal.json",
       "115 revise_proposal round=1 proposal=## Förslag (reviderat)\n\nRiktade statsbidrag "
       "förs över till det generella statsbidraget i två steg."},
      {"create_post_accepted_item.json",
       "122 create_post round=1 thread=12 reply_to=none body=Malmö stad har tre sådana "
       "projekt."},
      {"create_post_proposed_item.json",
       "124 create_post round=1 thread=12 reply_to=none body=Malmö stad har tre sådana "
       "projekt."},
      // Who has answered (protocol/examples/README.md).
      {"list_participation.json", "130 list_participation round=1"},
      // Who is in a round now.
      {"list_presence.json", "240 list_presence round=1"},
      {"send_reminder.json",
       "131 send_reminder round=1 organisation=4 message=Vi saknar Utbildningsdepartementets "
       "synpunkter. Samrådet stänger om två veckor."},
      {"send_reminder_without_message.json", "132 send_reminder round=1 organisation=11 message="},
      // Parsed: a closed round is the domain's refusal (invalid_state), not the codec's.
      {"send_reminder_closed_round.json", "133 send_reminder round=4 organisation=9 message="},
      // Moderation and edits (protocol/examples/README.md).
      {"subscribe_moderation_stream.json", "129 subscribe round=1 stream=moderation since=0"},
      {"edit_post.json",
       "130 edit_post round=1 post=21 body=Malmö stad har tre sådana projekt. Handläggaren Karin "
       "Berg på utbildningsförvaltningen kan svara på frågor om dem."},
      {"edit_post_preparation.json",
       "140 edit_post round=1 post=12 body=Förslag till gemensamt svar från kommunerna och "
       "regionerna."},
      {"report_post.json",
       "131 report_post round=1 post=21 reason=Inlägget namnger en enskild tjänsteperson."},
      {"hide_post.json",
       "132 hide_post round=1 post=21 reason=Innehåller personuppgifter om en enskild "
       "handläggare"},
      {"post_history.json", "133 post_history round=1 post=21"},
      {"unhide_post.json", "135 unhide_post round=1 post=21"},
      {"post_history_visible.json", "136 post_history round=1 post=21"},
      {"dismiss_report.json",
       "137 dismiss_report round=1 report=2 note=Inlägget håller sig till sakfrågan."},
      {"dismiss_report_without_note.json", "138 dismiss_report round=1 report=3 note="},
      // Positions (protocol/examples/README.md).
      {"state_position.json",
       "141 state_position round=1 revises=0 stance=supports_with_reservations motivation=Malmö "
       "stad tillstyrker att de riktade statsbidragen förs över, under förutsättning att "
       "övergången sker i två steg. point=12:supports_with_reservations:Övergången behöver två "
       "budgetår."},
      {"state_position_revised.json",
       "142 state_position round=1 revises=1 stance=supports motivation=Malmö stad tillstyrker "
       "förslaget i sin helhet efter revideringen."},
      {"write_outcome_correction.json",
       "176 write_outcome round=1 revises=2 summary=Staten och kommunsektorn är överens om att "
       "de riktade statsbidragen förs över **i två steg**; skolskjutsen utreds särskilt under "
       "2027. agreed=Övergången sker under två budgetår. correction=Året för utredningen av "
       "skolskjutsen föll bort i utfallet."},
      // Parsed: a stale revision is the domain's refusal (conflict), not the codec's.
      {"state_position_stale.json",
       "143 state_position round=1 revises=1 stance=opposes motivation=Vi avstyrker."},
      {"state_position_opposes.json",
       "144 state_position round=1 revises=0 stance=opposes motivation=Kiruna kommun avstyrker: "
       "glesbygdens kostnader för skolskjuts fångas inte av det generella statsbidraget. "
       "point=2:opposes:"},
      {"state_position_no_comments.json",
       "145 state_position round=1 revises=0 stance=no_comments motivation="},
      // The outcome (protocol/examples/README.md).
      {"write_outcome.json",
       "171 write_outcome round=1 revises=0 summary=Staten och kommunsektorn är överens om att "
       "de riktade statsbidragen förs över till det generella statsbidraget **i två steg**. "
       "agreed=Övergången sker under två budgetår. agreed=Uppföljningen utgår från "
       "verksamhetens resultat. response=Övergången behöver två budgetår:accepted:Övergången "
       "sker 2027 och 2028. posts=21, organisations=9, response=Glesbygdens kostnader för "
       "skolskjuts:partly_accepted:Kostnaderna ses över i kostnadsutjämningen, inte i detta "
       "förslag. posts= organisations=10,"},
      {"write_outcome_revised.json",
       "172 write_outcome round=1 revises=1 summary=Staten och kommunsektorn är överens om att "
       "de riktade statsbidragen förs över **i två steg**; skolskjutsen utreds särskilt. "
       "agreed=Övergången sker under två budgetår."},
      // Parsed: a stale revision is the domain's refusal (conflict), not the codec's.
      {"write_outcome_stale.json",
       "173 write_outcome round=1 revises=1 summary=Parterna är överens."},
      {"attach_dissent.json",
       "174 attach_dissent round=1 text=Kiruna kommun reserverar sig: glesbygdens kostnader "
       "borde ha lösts i detta förslag."},
      // Parsed: deciding without an outcome is the domain's refusal (invalid_state).
      {"change_phase_decided.json", "175 change_phase round=4 phase=decided"},
      // Minutes of an agenda item (protocol/examples/README.md).
      {"write_minutes.json",
       "231 write_minutes round=1 thread=12 revises=0 state=Staten vill att de riktade "
       "statsbidragen förs över **i två steg**. municipal=Malmö stad vill att övergången sker "
       "under två budgetår. comment= posts=21,"},
      {"write_minutes_revised.json",
       "232 write_minutes round=1 thread=12 revises=1 state=Staten vill att de riktade "
       "statsbidragen förs över **i två steg**. municipal=Malmö stad vill att övergången sker "
       "under två budgetår. comment=Staten godtar två budgetår. posts=21,"},
      // Parsed: a stale revision is the domain's refusal (conflict), not the codec's.
      {"write_minutes_stale.json",
       "233 write_minutes round=1 thread=12 revises=1 state= municipal= comment=Staten "
       "återkommer. posts="},
      // The joint document (protocol/examples/README.md).
      {"write_joint_document.json",
       "181 write_joint_document round=1 revises=0 text=# Gemensam överenskommelse\n\nStaten och "
       "kommunsektorn för över de riktade statsbidragen till generella bidrag."},
      {"write_joint_document_revised.json",
       "182 write_joint_document round=1 revises=1 text=# Gemensam överenskommelse\n\nStaten och "
       "kommunsektorn för över de riktade statsbidragen till generella bidrag **i två steg**."
       "\n\n- Steg 1: 2027\n- Steg 2: 2028"},
      // Parsed: a stale revision is the domain's refusal (conflict), not the codec's.
      {"write_joint_document_stale.json",
       "183 write_joint_document round=1 revises=1 text=# Gemensam överenskommelse\n\nStaten och "
       "kommunsektorn för över de riktade statsbidragen till generella bidrag.\n\nTillägg."},
      {"approve_joint_document.json", "184 approve_joint_document round=1 version=2"},
      // Parsed: approving a version that is not the latest is the domain's refusal (conflict).
      {"approve_joint_document_old_version.json", "185 approve_joint_document round=1 version=1"},
  };
  const auto folder = fx::protocol_dir() / "examples" / "client";
  std::set<std::string> expected_names;
  for (const auto& [name, description] : expected) expected_names.insert(name);
  EXPECT_EQ(fx::file_names(folder), expected_names) << "every client example needs a case here";

  for (const auto& [name, description] : expected) {
    SCOPED_TRACE(name);
    const auto parsed = parse_request(fx::read_bytes(folder / name));
    if (const auto* failure = std::get_if<ParseFailure>(&parsed)) {
      ADD_FAILURE() << domain::to_string(failure->error.code) << ": " << failure->error.message;
      continue;
    }
    EXPECT_EQ(describe(std::get<Request>(parsed)), description);
  }
}

TEST(ParseRequest, ACommandsKeyComesWithAFingerprintOfTheRestOfTheRequest) {
  const auto parse = [](std::string_view text) {
    auto parsed = parse_request(text);
    EXPECT_TRUE(std::holds_alternative<Request>(parsed)) << text;
    return std::get<Request>(std::move(parsed));
  };
  const auto first =
      parse(R"({"type":"create_post","id":1,"key":"k-1","round_id":1,"thread_id":2,"body":"Hej"})");
  EXPECT_EQ(first.key, "k-1");
  EXPECT_EQ(first.fingerprint.size(), 16u);
  // Another id, the fields in another order, another key: the same request.
  const auto same = parse(
      R"({"body":"Hej","thread_id":2,"round_id":1,"key":"k-2","id":99,"type":"create_post"})");
  EXPECT_EQ(same.fingerprint, first.fingerprint);
  // Any other field or type: another request.
  for (
      const char* other :
      {R"({"type":"create_post","id":1,"key":"k","round_id":1,"thread_id":2,"body":"Hej!"})",
       R"({"type":"create_post","id":1,"key":"k","round_id":1,"thread_id":3,"body":"Hej"})",
       R"({"type":"create_post","id":1,"key":"k","round_id":1,"thread_id":2,"reply_to":null,"body":"Hej"})",
       R"({"type":"create_thread","id":1,"key":"k","round_id":1,"title":"Hej"})"}) {
    EXPECT_NE(parse(other).fingerprint, first.fingerprint) << other;
  }
  const auto without =
      parse(R"({"type":"create_post","id":1,"round_id":1,"thread_id":2,"body":"Hej"})");
  EXPECT_FALSE(without.key.has_value());
  // A key of 64 characters of every kind allowed.
  const std::string longest(64, 'a');
  EXPECT_EQ(parse(R"({"type":"pin_post","id":1,"key":")" + longest +
                  R"(","round_id":1,"thread_id":2,"post_id":null})")
                .key,
            longest);
  EXPECT_EQ(
      parse(
          R"({"type":"lock_thread","id":1,"key":"Az09._:-","round_id":1,"thread_id":2,"locked":true})")
          .key,
      "Az09._:-");
}

TEST(ParseRequest, EveryInvalidExampleGivesTheManifestsErrorAndId) {
  const auto folder = fx::protocol_dir() / "examples" / "invalid";
  const auto manifest = fx::read_json(folder / "manifest.json");
  auto listed = fx::file_names(folder);
  listed.erase("manifest.json");
  std::set<std::string> in_manifest;
  for (const auto& [name, expected] : manifest.items()) in_manifest.insert(name);
  EXPECT_EQ(listed, in_manifest) << "manifest.json and the folder disagree";
  ASSERT_GE(manifest.size(), 65u);

  for (const auto& [name, expected] : manifest.items()) {
    SCOPED_TRACE(name);
    const auto failure = expect_failure(parse_request(fx::read_bytes(folder / name)));
    EXPECT_EQ(domain::to_string(failure.error.code), expected.at("code").get<std::string>())
        << failure.error.message;
    if (expected.at("id").is_null()) {
      EXPECT_FALSE(failure.id.has_value());
    } else {
      EXPECT_EQ(failure.id, expected.at("id").get<RequestId>());
    }
    EXPECT_FALSE(failure.error.message.empty());
  }
}

// The parser and the client schemas agree on each request's fields: every property a schema
// names is a field the parser knows, and the schema's required properties are exactly the ones
// the parser insists on (checked by leaving each field out of every client example in turn).
TEST(ParseRequest, TheSchemasAndTheParserAgreeOnFieldsAndWhichAreRequired) {
  const auto schemas = fx::protocol_dir() / "schemas" / "client";
  std::set<std::string> types;
  for (const auto& name : fx::file_names(schemas)) {
    if (name == "request.schema.json") continue;
    const auto schema = fx::read_json(schemas / name);
    const auto type = schema.at("properties").at("type").at("const").get<std::string>();
    types.insert(type);
    for (const auto& [field, definition] : schema.at("properties").items()) {
      if (field == "type" || field == "id") continue;
      SCOPED_TRACE(type + "." + field);
      // An object is no field's value: refused for the value, not as an unknown field.
      nlohmann::json frame = {{"type", type}, {"id", 7}, {field, {{"x", 1}}}};
      const auto failure = expect_failure(parse_request(frame.dump()));
      EXPECT_NE(failure.error.code, domain::ErrorCode::unknown_field) << failure.error.message;
    }
  }
  EXPECT_TRUE(types.contains("create_round") && types.contains("withdraw_invitation"));

  std::set<std::string> exemplified;
  for (const auto& name : fx::file_names(fx::protocol_dir() / "examples" / "client")) {
    const auto example = nlohmann::ordered_json::parse(
        fx::read_bytes(fx::protocol_dir() / "examples" / "client" / name));
    const auto type = example.at("type").get<std::string>();
    exemplified.insert(type);
    const auto schema = fx::read_json(schemas / (type + ".schema.json"));
    const auto& required = schema.at("required");
    for (const auto& [field, value] : example.items()) {
      if (field == "type" || field == "id") continue;
      SCOPED_TRACE(name + " without " + field);
      auto without = example;
      without.erase(field);
      const auto parsed = parse_request(without.dump());
      if (std::find(required.begin(), required.end(), field) == required.end()) {
        EXPECT_TRUE(std::holds_alternative<Request>(parsed))
            << std::get<ParseFailure>(parsed).error.message;
      } else {
        const auto failure = expect_failure(parsed);
        EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request);
        EXPECT_NE(failure.error.message.find("\"" + field + "\""), std::string::npos)
            << failure.error.message;
      }
    }
  }
  EXPECT_EQ(exemplified, types) << "every request type has a client example";
}

TEST(ParseRequest, UnknownFieldErrorNamesTheField) {
  const auto failure = expect_failure(parse_request(
      R"({"type":"create_post","id":7,"round_id":1,"thread_id":2,"body":"Hej","author_id":3})"));
  EXPECT_EQ(failure.error.code, domain::ErrorCode::unknown_field);
  EXPECT_NE(failure.error.message.find("\"author_id\""), std::string::npos)
      << failure.error.message;
}

// The README's order of checks, where a frame has more than one fault.
TEST(ParseRequest, ChecksInTheSpecifiedOrder) {
  const auto code_and_id = [](std::string_view text) {
    const auto failure = expect_failure(parse_request(text));
    return std::string(domain::to_string(failure.error.code)) + " " +
           (failure.id ? std::to_string(*failure.id) : "null");
  };
  // depth before syntax
  EXPECT_EQ(code_and_id(std::string(17, '[') + "oops"), "too_large null");
  // id before type
  EXPECT_EQ(code_and_id(R"({"type":"no_such_type","id":0})"), "bad_request null");
  // type before fields
  EXPECT_EQ(code_and_id(R"({"type":"no_such_type","id":5,"extra":1})"), "unknown_type 5");
  // unknown fields before missing ones
  EXPECT_EQ(code_and_id(R"({"type":"subscribe","id":5,"round":1})"), "unknown_field 5");
  // fields in the table's order: round_id before since
  const auto failure =
      expect_failure(parse_request(R"({"type":"subscribe","id":5,"since":-1,"round_id":0})"));
  EXPECT_NE(failure.error.message.find("round_id"), std::string::npos) << failure.error.message;
  // length before blankness: a long blank title is too long
  EXPECT_EQ(code_and_id(R"({"type":"create_thread","id":6,"round_id":1,"title":")" +
                        std::string(301, ' ') + "\"}"),
            "too_large 6");
}

TEST(ParseRequest, DeepNestingIsRefusedWithoutRecursion) {
  // Far deeper than any recursive parser or destructor could survive on a thread's stack.
  const std::size_t levels = 2'000'000;
  const auto arrays = std::string(levels, '[') + std::string(levels, ']');
  EXPECT_EQ(expect_failure(parse_request(arrays)).error.code, domain::ErrorCode::too_large);

  const auto objects = repeat(R"({"a":)", levels) + "1" + std::string(levels, '}');
  EXPECT_EQ(expect_failure(parse_request(objects)).error.code, domain::ErrorCode::too_large);
}

TEST(ParseRequest, BracketsInsideStringsDoNotCountAsNesting) {
  // An escaped quote must not end the string for the depth scan.
  const std::string text =
      R"({"type":"create_post","id":1,"round_id":1,"thread_id":2,"body":"\"[{[{[{[{[{[{[{[{[{[{"})";
  const auto parsed = parse_request(text);
  ASSERT_TRUE(std::holds_alternative<Request>(parsed))
      << std::get<ParseFailure>(parsed).error.message;
  EXPECT_EQ(std::get<domain::CreatePost>(std::get<Request>(parsed).body).body,
            "\"[{[{[{[{[{[{[{[{[{[{");
}

TEST(ParseRequest, TextAtExactlyItsByteLimitIsAccepted) {
  const std::string body(domain::max_body_bytes, 'x');
  const auto parsed = parse_request(
      R"({"type":"create_post","id":1,"round_id":1,"thread_id":2,"body":")" + body + "\"}");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed))
      << std::get<ParseFailure>(parsed).error.message;
  EXPECT_EQ(std::get<domain::CreatePost>(std::get<Request>(parsed).body).body, body);

  // The limit is on decoded bytes: 20000 bytes of text written as 120000 bytes of escapes.
  const auto escaped = repeat("\\u0078", domain::max_body_bytes);
  EXPECT_TRUE(std::holds_alternative<Request>(parse_request(
      R"({"type":"create_post","id":1,"round_id":1,"thread_id":2,"body":")" + escaped + "\"}")));
}

TEST(ParseRequest, LargestIdsAreAccepted) {
  const auto parsed =
      parse_request(R"({"type":"subscribe","id":9007199254740991,"round_id":9007199254740991,)"
                    R"("since":9007199254740991})");
  ASSERT_TRUE(std::holds_alternative<Request>(parsed));
  const auto& request = std::get<Request>(parsed);
  EXPECT_EQ(request.id, 9007199254740991);
  EXPECT_EQ(std::get<Subscribe>(request.body).stream.round, 9007199254740991);
  EXPECT_EQ(std::get<Subscribe>(request.body).since, 9007199254740991);
}

// --- streams ---

template <class Body>
Body parsed_body(std::string_view text) {
  const auto parsed = parse_request(text);
  if (const auto* failure = std::get_if<ParseFailure>(&parsed)) {
    ADD_FAILURE() << text << ": " << domain::to_string(failure->error.code) << ": "
                  << failure->error.message;
    return {};
  }
  const auto* body = std::get_if<Body>(&std::get<Request>(parsed).body);
  if (!body) {
    ADD_FAILURE() << text << " parsed as " << describe(std::get<Request>(parsed));
    return {};
  }
  return *body;
}

constexpr auto all_streams = domain::stream_kinds;

TEST(ParseStream, AbsentMeansTheMainStream) {
  const auto subscribe =
      parsed_body<Subscribe>(R"({"type":"subscribe","id":1,"round_id":9,"since":3})");
  EXPECT_EQ(subscribe.stream, (domain::StreamId{9, domain::StreamKind::main}));
  EXPECT_EQ(subscribe.since, 3);
  const auto unsubscribe =
      parsed_body<Unsubscribe>(R"({"type":"unsubscribe","id":1,"round_id":9})");
  EXPECT_EQ(unsubscribe.stream, (domain::StreamId{9, domain::StreamKind::main}));
}

TEST(ParseStream, EveryStreamNameIsUnderstoodBySubscribeAndUnsubscribe) {
  for (const auto kind : all_streams) {
    const std::string name(domain::to_string(kind));
    SCOPED_TRACE(name);
    const auto subscribe = parsed_body<Subscribe>(
        R"({"type":"subscribe","id":1,"round_id":4,"stream":")" + name + R"(","since":0})");
    EXPECT_EQ(subscribe.stream, (domain::StreamId{4, kind}));
    const auto unsubscribe = parsed_body<Unsubscribe>(
        R"({"type":"unsubscribe","id":1,"round_id":4,"stream":")" + name + R"("})");
    EXPECT_EQ(unsubscribe.stream, (domain::StreamId{4, kind}));
  }
}

TEST(ParseStream, ASubscribeMayNameTheEpochOfItsSince) {
  const auto without =
      parsed_body<Subscribe>(R"({"type":"subscribe","id":1,"round_id":4,"since":9})");
  EXPECT_EQ(without.epoch, std::nullopt);
  const auto with = parsed_body<Subscribe>(
      R"({"type":"subscribe","id":1,"round_id":4,"since":9,"epoch":"0af93c"})");
  EXPECT_EQ(with.epoch, "0af93c");
  EXPECT_EQ(with.since, 9);
  const auto failure = expect_failure(
      parse_request(R"({"type":"subscribe","id":7,"round_id":4,"since":9,"epoch":"a b"})"));
  EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request);
  EXPECT_NE(failure.error.message.find("epoch"), std::string::npos) << failure.error.message;
}

TEST(ParseStream, AThreadIsNeverOpenedInTheModerationStream) {
  // The moderation stream may be subscribed to (by the secretariat), but it holds reports only.
  const auto failure = expect_failure(parse_request(
      R"({"type":"create_thread","id":199,"round_id":1,"stream":"moderation","title":"T"})"));
  EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request);
  EXPECT_EQ(failure.id, 199);
  EXPECT_NE(failure.error.message.find("stream"), std::string::npos) << failure.error.message;
}

TEST(ParseStream, TheStreamMayComeAnywhereInTheFrame) {
  const auto subscribe = parsed_body<Subscribe>(
      R"({"stream":"state_preparation","since":7,"round_id":2,"id":1,"type":"subscribe"})");
  EXPECT_EQ(subscribe.stream, (domain::StreamId{2, domain::StreamKind::state_preparation}));
  EXPECT_EQ(subscribe.since, 7);
}

TEST(ParseStream, AWrongTypeOrUnknownNameIsABadRequestThatNamesTheField) {
  for (const std::string value :
       {"null", "1", "0", "true", "[]", "{}", R"(["main"])", R"({"kind":"main"})", R"("")",
        R"("Main")", R"("MAIN")", R"(" main")", R"("main ")", R"("preparation")",
        R"("state-preparation")", R"("municipal")", R"("main\u0000")"}) {
    for (const std::string type : {"subscribe", "unsubscribe"}) {
      SCOPED_TRACE(type + " with stream " + value);
      const auto since = type == "subscribe" ? R"(,"since":0)" : "";
      const auto failure = expect_failure(parse_request(
          R"({"type":")" + type + R"(","id":77,"round_id":1,"stream":)" + value + since + "}"));
      EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request);
      EXPECT_EQ(failure.id, 77);
      EXPECT_NE(failure.error.message.find("stream"), std::string::npos) << failure.error.message;
    }
  }
}

TEST(ParseStream, OnlySubscribeUnsubscribeAndCreateThreadHaveAStream) {
  // A post goes to its thread's stream; the client never names it.
  for (const std::string text : {
           R"({"type":"create_post","id":5,"round_id":1,"thread_id":2,"stream":"main","body":"B"})",
           R"({"type":"list_rounds","id":5,"stream":"main"})",
           R"({"type":"propose_agenda_item","id":5,"round_id":1,"stream":"main","title":"T"})",
       }) {
    const auto failure = expect_failure(parse_request(text));
    EXPECT_EQ(failure.error.code, domain::ErrorCode::unknown_field) << text;
    EXPECT_NE(failure.error.message.find("\"stream\""), std::string::npos) << failure.error.message;
  }
}

// Step 5 of the README's checks: each field in the table's order, round_id, stream, since,
// whatever their order in the frame.
TEST(ParseStream, FieldsAreCheckedRoundIdThenStreamThenSince) {
  const auto message_of = [](std::string_view text) {
    const auto failure = expect_failure(parse_request(text));
    EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request) << failure.error.message;
    return failure.error.message;
  };
  const auto all_bad =
      message_of(R"({"type":"subscribe","id":5,"since":-1,"stream":"nope","round_id":0})");
  EXPECT_NE(all_bad.find("round_id"), std::string::npos) << all_bad;

  const auto stream_and_since_bad =
      message_of(R"({"type":"subscribe","id":5,"since":-1,"stream":"nope","round_id":1})");
  EXPECT_NE(stream_and_since_bad.find("stream"), std::string::npos) << stream_and_since_bad;
  EXPECT_EQ(stream_and_since_bad.find("since"), std::string::npos) << stream_and_since_bad;

  const auto missing_since_bad_stream =
      message_of(R"({"type":"subscribe","id":5,"stream":7,"round_id":1})");
  EXPECT_NE(missing_since_bad_stream.find("stream"), std::string::npos) << missing_since_bad_stream;

  const auto missing_round_bad_stream =
      message_of(R"({"type":"unsubscribe","id":5,"stream":"nope"})");
  EXPECT_NE(missing_round_bad_stream.find("round_id"), std::string::npos)
      << missing_round_bad_stream;

  const auto only_since_bad =
      message_of(R"({"type":"subscribe","id":5,"since":-1,"stream":"main","round_id":1})");
  EXPECT_NE(only_since_bad.find("since"), std::string::npos) << only_since_bad;

  // An unknown field is reported before any bad value (step 4 before step 5).
  const auto failure = expect_failure(
      parse_request(R"({"type":"subscribe","id":5,"round_id":0,"stream":"nope","extra":1})"));
  EXPECT_EQ(failure.error.code, domain::ErrorCode::unknown_field);
}

// --- the blank rule (protocol/README.md, Transport; domain/text.hpp) ---

const char32_t listed_blanks[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,   0xA0,
                                  0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                                  0x2007, 0x2008, 0x2009, 0x200A, 0x200B, 0x200C, 0x200D, 0x2028,
                                  0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF};

std::string json_escape(char32_t cp) {
  char text[8];
  std::snprintf(text, sizeof text, "\\u%04x", static_cast<unsigned>(cp));
  return text;
}

std::string create_post_with_body(const std::string& json_body) {
  return R"({"type":"create_post","id":9,"round_id":1,"thread_id":2,"body":")" + json_body + "\"}";
}

std::string create_thread_with_title(const std::string& json_title) {
  return R"({"type":"create_thread","id":9,"round_id":1,"title":")" + json_title + "\"}";
}

TEST(ParseBlank, EachListedCodePointAloneIsBlank) {
  for (const auto cp : listed_blanks) {
    SCOPED_TRACE(json_escape(cp));
    for (const auto& text :
         {create_post_with_body(json_escape(cp)), create_thread_with_title(json_escape(cp))}) {
      const auto failure = expect_failure(parse_request(text));
      EXPECT_EQ(failure.error.code, domain::ErrorCode::bad_request) << failure.error.message;
      EXPECT_NE(failure.error.message.find("blank"), std::string::npos) << failure.error.message;
    }
  }
}

TEST(ParseBlank, AllListedCodePointsTogetherAreBlank) {
  std::string all;
  for (const auto cp : listed_blanks) all += json_escape(cp);
  EXPECT_EQ(expect_failure(parse_request(create_post_with_body(all))).error.code,
            domain::ErrorCode::bad_request);
  // The same characters written as raw UTF-8 rather than escapes.
  EXPECT_EQ(expect_failure(parse_request(create_post_with_body(
                               "\u00a0\u2003\u200b\ufeff\u3000\u2060\u1680\u202f\u205f")))
                .error.code,
            domain::ErrorCode::bad_request);
}

TEST(ParseBlank, CharactersOutsideTheSetAreText) {
  // Soft hyphen, Mongolian vowel separator, left-to-right mark, braille blank, Hangul filler.
  for (const std::string text :
       {"\\u00ad", "\\u180e", "\\u200e", "\\u2800", "\\u3164", "x", "\\u00a0x\\u00a0", "\\u0000"}) {
    const auto parsed = parse_request(create_post_with_body(text));
    EXPECT_TRUE(std::holds_alternative<Request>(parsed))
        << text << ": " << std::get<ParseFailure>(parsed).error.message;
  }
}

}  // namespace
}  // namespace samrad::protocol
