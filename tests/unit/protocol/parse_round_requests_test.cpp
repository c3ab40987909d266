// The round life cycle's requests (list_organisations, create_round, change_phase, set_schedule,
// invite_organisation, withdraw_invitation): the values each is parsed to, the defaults of
// create_round's optional fields, the type of every field, timestamps, arrays, unknown fields,
// and the order in which the fields are checked (the order of the request's table).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "domain/commands.hpp"
#include "domain/text.hpp"
#include "parsing.hpp"
#include "protocol/codec.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;
using domain::Phase;
using domain::RoundKind;
using domain::Sector;

constexpr domain::Timestamp nov23_10_15 = 1'795'428'900'000;  // 2026-11-23T10:15:00Z

using fixtures::expect_refused;
using fixtures::parsed;
using fixtures::refused;

// A create_round frame: the required fields, then `more` (",\"name\":value" pairs).
std::string create_round(const std::string& more = "") {
  return R"({"type":"create_round","id":31,"title":"Statsbidrag","proposal":"Text",)"
         R"("kind":"plenary")" +
         more + "}";
}

// A create_round frame with one field replaced (raw JSON value), the others valid.
std::string create_round_with(const std::string& name, const std::string& value) {
  std::string title = R"("Statsbidrag")", proposal = R"("Text")", kind = R"("plenary")";
  std::string extra;
  if (name == "title") {
    title = value;
  } else if (name == "proposal") {
    proposal = value;
  } else if (name == "kind") {
    kind = value;
  } else {
    extra = ",\"" + name + "\":" + value;
  }
  return R"({"type":"create_round","id":31,"title":)" + title + R"(,"proposal":)" + proposal +
         R"(,"kind":)" + kind + extra + "}";
}

std::string json_string(const std::string& text) {
  return "\"" + text + "\"";
}

// --- list_organisations ---

TEST(ParseListOrganisations, HasNoFields) {
  const auto result = parse_request(R"({"type":"list_organisations","id":4})");
  ASSERT_TRUE(std::holds_alternative<Request>(result));
  EXPECT_EQ(std::get<Request>(result).id, 4);
  EXPECT_TRUE(std::holds_alternative<ListOrganisations>(std::get<Request>(result).body));
  const auto failure = refused(R"({"type":"list_organisations","id":31,"kind":"ministry"})");
  EXPECT_EQ(failure.error.code, ErrorCode::unknown_field);
  EXPECT_EQ(failure.id, 31);
}

// --- create_round ---

TEST(ParseCreateRound, TheRequiredFieldsAloneGiveADraftWithNothingElse) {
  const auto round = parsed<domain::CreateRound>(create_round());
  EXPECT_EQ(round.title, "Statsbidrag");
  EXPECT_EQ(round.proposal, "Text");
  EXPECT_EQ(round.kind, RoundKind::plenary);
  EXPECT_EQ(round.phase, Phase::draft) << "a round is opened with change_phase";
  EXPECT_TRUE(round.sectors.empty());
  EXPECT_TRUE(round.invited.empty());
  EXPECT_EQ(round.opens_at, std::nullopt);
  EXPECT_EQ(round.closes_at, std::nullopt);
  EXPECT_TRUE(round.agenda.empty());
}

TEST(ParseCreateRound, EveryFieldIsParsedToItsValueInItsOrder) {
  const auto round = parsed<domain::CreateRound>(
      R"({"agenda":["Finansiering","Övrigt \"annat\""],"closes_at":"2026-11-30T16:00:00.500Z",)"
      R"("opens_at":"2026-11-23T10:15:00Z","invited":[9007199254740991,2,1],)"
      R"("sectors":["social_care","health_care","school"],"kind":"bilateral",)"
      R"("proposal":"# Förslag","title":"Hälsa","id":31,"type":"create_round"})");
  EXPECT_EQ(round.title, "Hälsa");
  EXPECT_EQ(round.proposal, "# Förslag");
  EXPECT_EQ(round.kind, RoundKind::bilateral);
  EXPECT_EQ(round.sectors,
            (std::vector<Sector>{Sector::social_care, Sector::health_care, Sector::school}));
  EXPECT_EQ(round.invited, (std::vector<domain::OrganisationId>{9007199254740991, 2, 1}));
  EXPECT_EQ(round.opens_at, nov23_10_15);
  EXPECT_EQ(round.closes_at, nov23_10_15 + 7 * 86'400'000 + 5 * 3'600'000 + 45 * 60'000 + 500);
  EXPECT_EQ(round.agenda, (std::vector<std::string>{"Finansiering", "Övrigt \"annat\""}));
  EXPECT_EQ(round.phase, Phase::draft);
}

TEST(ParseCreateRound, EmptyArraysAndNullTimesAreTheDefaults) {
  const auto round = parsed<domain::CreateRound>(
      create_round(R"(,"sectors":[],"invited":[],"opens_at":null,"closes_at":null,"agenda":[])"));
  EXPECT_TRUE(round.sectors.empty());
  EXPECT_TRUE(round.invited.empty());
  EXPECT_EQ(round.opens_at, std::nullopt);
  EXPECT_EQ(round.closes_at, std::nullopt);
  EXPECT_TRUE(round.agenda.empty());
}

TEST(ParseCreateRound, RepeatsAndBlankAgendaTitlesAreLeftToTheDomain) {
  // The codec checks shapes; the domain says why a round is refused, with its own codes.
  const auto round = parsed<domain::CreateRound>(
      create_round(R"(,"sectors":["school","school"],"invited":[3,3],"agenda":["","  "])"));
  EXPECT_EQ(round.sectors.size(), 2u);
  EXPECT_EQ(round.invited, (std::vector<domain::OrganisationId>{3, 3}));
  EXPECT_EQ(round.agenda, (std::vector<std::string>{"", "  "}));
  const auto long_title = parsed<domain::CreateRound>(
      create_round(R"(,"agenda":[")" + std::string(domain::max_title_bytes + 1, 'x') + "\"]"));
  EXPECT_EQ(long_title.agenda.at(0).size(), domain::max_title_bytes + 1);
}

TEST(ParseCreateRound, TheTitleIsRequiredTextWithinItsLimit) {
  expect_refused(R"({"type":"create_round","id":31,"proposal":"","kind":"plenary"})",
                 ErrorCode::bad_request, "title");
  for (const std::string value : {"null", "1", "[]", R"(["T"])", "{}", "true"}) {
    expect_refused(create_round_with("title", value), ErrorCode::bad_request, "title");
  }
  for (const std::string blank : {"", " ", "\\u00a0\\u2003", "\\u200b"}) {
    expect_refused(create_round_with("title", json_string(blank)), ErrorCode::bad_request, "title");
  }
  EXPECT_EQ(
      parsed<domain::CreateRound>(create_round_with("title", json_string(std::string(300, 'x'))))
          .title.size(),
      300u);
  expect_refused(create_round_with("title", json_string(std::string(301, 'x'))),
                 ErrorCode::too_large, "title");
}

TEST(ParseCreateRound, TheProposalIsRequiredButMayBeEmptyOrBlank) {
  expect_refused(R"({"type":"create_round","id":31,"title":"T","kind":"plenary"})",
                 ErrorCode::bad_request, "proposal");
  for (const std::string value : {"null", "0", "[]", "{}", "false"}) {
    expect_refused(create_round_with("proposal", value), ErrorCode::bad_request, "proposal");
  }
  EXPECT_EQ(parsed<domain::CreateRound>(create_round_with("proposal", R"("")")).proposal, "");
  EXPECT_EQ(parsed<domain::CreateRound>(create_round_with("proposal", R"(" \n ")")).proposal,
            " \n ");
  const std::string longest(domain::max_proposal_bytes, 'x');
  EXPECT_EQ(parsed<domain::CreateRound>(create_round_with("proposal", json_string(longest)))
                .proposal.size(),
            domain::max_proposal_bytes);
  expect_refused(create_round_with("proposal", json_string(longest + "x")), ErrorCode::too_large,
                 "proposal");
}

TEST(ParseCreateRound, TheKindIsRequiredAndOneOfTwoNames) {
  EXPECT_EQ(parsed<domain::CreateRound>(create_round_with("kind", R"("bilateral")")).kind,
            RoundKind::bilateral);
  expect_refused(R"({"type":"create_round","id":31,"title":"T","proposal":""})",
                 ErrorCode::bad_request, "kind");
  for (const std::string value :
       {"null", "0", "[]", R"(["plenary"])", R"("")", R"("Plenary")", R"("PLENARY")",
        R"(" plenary")", R"("multilateral")", R"("plenary\u0000")"}) {
    expect_refused(create_round_with("kind", value), ErrorCode::bad_request, "kind");
  }
}

TEST(ParseCreateRound, SectorsAreAnArrayOfTheSectorNames) {
  for (const std::string value :
       {"null", R"("school")", "{}", "1", R"(["School"])", R"(["education"])", R"([1])",
        R"([null])", R"([["school"]])", R"(["school",""])", R"(["health care"])"}) {
    expect_refused(create_round_with("sectors", value), ErrorCode::bad_request, "sectors");
  }
}

TEST(ParseCreateRound, InvitedIsAnArrayOfOrganisationIds) {
  for (const std::string value :
       {"null", "3", R"("3")", "{}", R"([0])", R"([-1])", R"([1.5])", R"([1.0])", R"([1e2])",
        R"(["3"])", R"([null])", R"([true])", R"([[3]])", R"([9007199254740992])",
        R"([18446744073709551615])"}) {
    expect_refused(create_round_with("invited", value), ErrorCode::bad_request, "invited");
  }
}

TEST(ParseCreateRound, TimesAreNullOrUtcTimestamps) {
  for (const std::string name : {"opens_at", "closes_at"}) {
    SCOPED_TRACE(name);
    const auto with_millis =
        parsed<domain::CreateRound>(create_round_with(name, R"("2026-11-23T10:15:00.007Z")"));
    const auto& time = name == "opens_at" ? with_millis.opens_at : with_millis.closes_at;
    EXPECT_EQ(time, nov23_10_15 + 7);
    for (const std::string value :
         {"1795428900000", "true", "[]", "{}", R"("")", R"("2026-11-23")",
          R"("2026-11-23T10:15:00")", R"("2026-11-23T10:15:00+01:00")", R"("2026-11-23 10:15:00Z")",
          R"("2026-02-30T10:15:00Z")", R"("2026-11-23T10:15:00.1Z")", R"(" 2026-11-23T10:15:00Z")",
          R"("tomorrow")"}) {
      expect_refused(create_round_with(name, value), ErrorCode::bad_request, name);
    }
  }
}

TEST(ParseCreateRound, TheAgendaIsAnArrayOfStrings) {
  for (const std::string value : {"null", R"("Fråga")", "{}", "1", R"([1])", R"([null])",
                                  R"([["Fråga"]])", R"([{"title":"Fråga"}])"}) {
    expect_refused(create_round_with("agenda", value), ErrorCode::bad_request, "agenda");
  }
}

TEST(ParseCreateRound, UnknownFieldsAndThePhaseAreRefusedByName) {
  // The phase is not the client's to choose: a new round is a draft.
  for (const std::string name : {"phase", "round_id", "sector", "invite", "schedule", "stream"}) {
    const auto failure = refused(create_round_with(name, R"("open")"));
    EXPECT_EQ(failure.error.code, ErrorCode::unknown_field) << name;
    EXPECT_NE(failure.error.message.find("\"" + name + "\""), std::string::npos)
        << failure.error.message;
  }
}

TEST(ParseCreateRound, FieldsAreCheckedInTheTablesOrder) {
  // All fields wrong; each step mends the one named and the next is reported.
  const std::vector<std::pair<std::string, std::string>> order = {
      {"title", R"("T")"}, {"proposal", R"("")"}, {"kind", R"("plenary")"}, {"sectors", "[]"},
      {"invited", "[]"},   {"opens_at", "null"},  {"closes_at", "null"},    {"agenda", "[]"},
  };
  std::map<std::string, std::string> fields = {
      {"agenda", "7"},  {"closes_at", "7"}, {"opens_at", "7"}, {"invited", "7"},
      {"sectors", "7"}, {"kind", "7"},      {"proposal", "7"}, {"title", "7"},
  };
  for (const auto& [name, mended] : order) {
    std::string text = R"({"type":"create_round","id":31)";
    for (const auto& [field, value] : fields) text += ",\"" + field + "\":" + value;
    text += "}";
    expect_refused(text, ErrorCode::bad_request, name);
    fields[name] = mended;
  }
  // A title over its limit is too large, even when a later field is wrong too.
  expect_refused(R"({"type":"create_round","id":31,"agenda":7,"kind":7,"proposal":7,"title":")" +
                     std::string(301, 'x') + "\"}",
                 ErrorCode::too_large, "title");
}

// --- change_phase ---

TEST(ParseChangePhase, EveryPhaseByName) {
  for (const auto phase : {Phase::draft, Phase::open, Phase::closed, Phase::decided}) {
    const auto change =
        parsed<domain::ChangePhase>(R"({"type":"change_phase","id":31,"round_id":12,"phase":")" +
                                    std::string(domain::to_string(phase)) + "\"}");
    EXPECT_EQ(change.round, 12);
    EXPECT_EQ(change.phase, phase);
  }
}

TEST(ParseChangePhase, RoundIdThenPhaseEachRequiredAndWellFormed) {
  expect_refused(R"({"type":"change_phase","id":31,"phase":"open"})", ErrorCode::bad_request,
                 "round_id");
  expect_refused(R"({"type":"change_phase","id":31,"round_id":1})", ErrorCode::bad_request,
                 "phase");
  for (const std::string round : {"0", "-1", "1.5", R"("1")", "null", "9007199254740992"}) {
    expect_refused(R"({"type":"change_phase","id":31,"round_id":)" + round + R"(,"phase":"open"})",
                   ErrorCode::bad_request, "round_id");
  }
  for (const std::string phase :
       {"null", "1", R"("Open")", R"("opened")", R"("closing")", R"("")", R"(["open"])"}) {
    expect_refused(R"({"type":"change_phase","id":31,"round_id":1,"phase":)" + phase + "}",
                   ErrorCode::bad_request, "phase");
  }
  // Both wrong, in either order in the frame: round_id is reported.
  expect_refused(R"({"type":"change_phase","id":31,"phase":"nope","round_id":0})",
                 ErrorCode::bad_request, "round_id");
  const auto unknown =
      refused(R"({"type":"change_phase","id":31,"round_id":1,"phase":"open","automatic":true})");
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
}

// --- set_schedule ---

TEST(ParseSetSchedule, BothTimesAreRequiredAndEachMayBeNull) {
  const auto both = parsed<domain::SetSchedule>(
      R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":"2026-11-23T10:15:00Z",)"
      R"("closes_at":"2026-11-23T10:15:00.999Z"})");
  EXPECT_EQ(both.round, 3);
  EXPECT_EQ(both.opens_at, nov23_10_15);
  EXPECT_EQ(both.closes_at, nov23_10_15 + 999);
  const auto cleared = parsed<domain::SetSchedule>(
      R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":null,"closes_at":null})");
  EXPECT_EQ(cleared.opens_at, std::nullopt);
  EXPECT_EQ(cleared.closes_at, std::nullopt);

  expect_refused(R"({"type":"set_schedule","id":31,"round_id":3,"closes_at":null})",
                 ErrorCode::bad_request, "opens_at");
  expect_refused(R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":null})",
                 ErrorCode::bad_request, "closes_at");
  expect_refused(R"({"type":"set_schedule","id":31,"opens_at":null,"closes_at":null})",
                 ErrorCode::bad_request, "round_id");
}

TEST(ParseSetSchedule, TimesAreUtcTimestampsCheckedRoundIdOpensAtClosesAt) {
  for (const std::string value : {"0", R"("2026-11-23T10:15:00")", R"("2026-11-23T11:15:00+01:00")",
                                  R"("2026-13-01T00:00:00Z")", "[]"}) {
    expect_refused(R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":)" + value +
                       R"(,"closes_at":null})",
                   ErrorCode::bad_request, "opens_at");
    expect_refused(
        R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":null,"closes_at":)" + value + "}",
        ErrorCode::bad_request, "closes_at");
  }
  expect_refused(R"({"type":"set_schedule","id":31,"closes_at":1,"opens_at":1,"round_id":0})",
                 ErrorCode::bad_request, "round_id");
  expect_refused(R"({"type":"set_schedule","id":31,"closes_at":1,"opens_at":1,"round_id":1})",
                 ErrorCode::bad_request, "opens_at");
  const auto unknown = refused(
      R"({"type":"set_schedule","id":31,"round_id":3,"opens_at":null,"closes_at":null,"phase":"open"})");
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
}

// --- invite_organisation, withdraw_invitation ---

TEST(ParseInvitations, RoundIdAndOrganisationId) {
  const auto invite = parsed<domain::InviteOrganisation>(
      R"({"type":"invite_organisation","id":31,"round_id":3,"organisation_id":9007199254740991})");
  EXPECT_EQ(invite.round, 3);
  EXPECT_EQ(invite.organisation, 9007199254740991);
  const auto withdraw = parsed<domain::WithdrawInvitation>(
      R"({"organisation_id":4,"round_id":5,"id":31,"type":"withdraw_invitation"})");
  EXPECT_EQ(withdraw.round, 5);
  EXPECT_EQ(withdraw.organisation, 4);
}

TEST(ParseInvitations, EachIdIsRequiredAndWellFormedRoundIdFirst) {
  for (const std::string type : {"invite_organisation", "withdraw_invitation"}) {
    SCOPED_TRACE(type);
    const auto frame = [&](const std::string& fields) {
      return R"({"type":")" + type + R"(","id":31)" + fields + "}";
    };
    expect_refused(frame(R"(,"organisation_id":1)"), ErrorCode::bad_request, "round_id");
    expect_refused(frame(R"(,"round_id":1)"), ErrorCode::bad_request, "organisation_id");
    for (const std::string id : {"0", "-3", "2.5", R"("4")", "null", "[4]", "9007199254740992"}) {
      expect_refused(frame(R"(,"round_id":1,"organisation_id":)" + id), ErrorCode::bad_request,
                     "organisation_id");
      expect_refused(frame(R"(,"round_id":)" + id + R"(,"organisation_id":1)"),
                     ErrorCode::bad_request, "round_id");
    }
    expect_refused(frame(R"(,"organisation_id":0,"round_id":0)"), ErrorCode::bad_request,
                   "round_id");
    const auto unknown = refused(frame(R"(,"round_id":1,"organisation":1)"));
    EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
    EXPECT_NE(unknown.error.message.find("\"organisation\""), std::string::npos);
  }
}

}  // namespace
}  // namespace samrad::protocol
