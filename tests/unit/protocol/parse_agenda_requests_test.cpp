// The agenda's requests and create_thread's stream: propose_agenda_item, decide_agenda_item,
// move_thread, lock_thread, pin_post, revise_proposal. The values each is parsed to, what an
// optional field is when absent, that `before` and `post_id` are required though they may be
// null, that booleans are JSON booleans only, the byte limits, and the order in which the fields
// are checked (the order of the request's table).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/commands.hpp"
#include "domain/text.hpp"
#include "parsing.hpp"
#include "protocol/codec.hpp"

namespace samrad::protocol {
namespace {

using domain::ErrorCode;
using domain::StreamKind;
using fixtures::expect_refused;
using fixtures::parsed;
using fixtures::refused;

// A frame of the type with id 31 and the given fields (",\"name\":value" pairs).
std::string frame(const std::string& type, const std::string& fields) {
  return R"({"type":")" + type + R"(","id":31)" + fields + "}";
}

// The text as a JSON string, escaped where JSON needs it.
std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump();
}

// Values of the wrong type for an id, including ids out of range.
const std::vector<std::string> bad_ids = {
    "0", "-1", "1.5", "1e0", R"("2")", "true", "[2]", "{}", "9007199254740992"};
// Values that are not JSON booleans.
const std::vector<std::string> not_booleans = {"null", "0",  "1",      R"("true")",
                                               "[]",   "{}", "[true]", R"("false")"};

// --- create_thread's stream ---

TEST(ParseCreateThread, AbsentOrMainIsTheAgendaAndAPreparationStreamIsNamed) {
  const auto agenda = parsed<domain::CreateThread>(
      frame("create_thread", R"(,"round_id":4,"title":"Finansiering")"));
  EXPECT_EQ(agenda.round, 4);
  EXPECT_EQ(agenda.title, "Finansiering");
  EXPECT_EQ(agenda.stream, StreamKind::main);
  for (const auto kind :
       {StreamKind::main, StreamKind::state_preparation, StreamKind::municipal_preparation}) {
    const std::string name(domain::to_string(kind));
    const auto thread = parsed<domain::CreateThread>(
        frame("create_thread",
              R"(,"title":"Förberedelse","stream":")" + name + R"(","round_id":9007199254740991)"));
    EXPECT_EQ(thread.stream, kind) << name;
    EXPECT_EQ(thread.round, 9007199254740991);
    EXPECT_EQ(thread.title, "Förberedelse");
  }
}

TEST(ParseCreateThread, AStreamOfAnotherNameOrTypeIsABadRequest) {
  for (const std::string value : {"null", "1", "true", "[]", "{}", R"("")", R"("Main")",
                                  R"("preparation")", R"("state-preparation")", R"(" main")"}) {
    expect_refused(frame("create_thread", R"(,"round_id":1,"stream":)" + value + R"(,"title":"T")"),
                   ErrorCode::bad_request, "stream");
  }
}

TEST(ParseCreateThread, FieldsAreCheckedRoundIdStreamTitle) {
  expect_refused(frame("create_thread", R"(,"title":"","stream":"nope","round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("create_thread", R"(,"title":"","stream":"nope","round_id":1)"),
                 ErrorCode::bad_request, "stream");
  expect_refused(frame("create_thread", R"(,"title":" ","stream":"municipal_preparation",)"
                                        R"("round_id":1)"),
                 ErrorCode::bad_request, "title");
  expect_refused(frame("create_thread", R"(,"stream":"state_preparation","round_id":1)"),
                 ErrorCode::bad_request, "title");
  expect_refused(frame("create_thread", R"(,"round_id":1,"stream":"state_preparation","title":")" +
                                            std::string(domain::max_title_bytes + 1, 'x') + "\""),
                 ErrorCode::too_large, "title");
}

// --- propose_agenda_item ---

TEST(ParseProposeAgendaItem, RoundTitleAndMotivation) {
  const auto item = parsed<domain::ProposeAgendaItem>(
      frame("propose_agenda_item",
            R"(,"round_id":3,"title":"Övergångsregler","motivation":"Fleråriga \"projekt\"")"));
  EXPECT_EQ(item.round, 3);
  EXPECT_EQ(item.title, "Övergångsregler");
  EXPECT_EQ(item.motivation, "Fleråriga \"projekt\"");
}

TEST(ParseProposeAgendaItem, AnAbsentMotivationIsEmptyAndAnyTextWithinItsLimitIsOne) {
  EXPECT_EQ(parsed<domain::ProposeAgendaItem>(
                frame("propose_agenda_item", R"(,"round_id":3,"title":"Fråga")"))
                .motivation,
            "");
  // Not checked for blankness: a motivation may be left empty or blank.
  for (const std::string& motivation :
       {std::string(), std::string(" \t"), std::string(domain::max_reason_bytes, 'x')}) {
    EXPECT_EQ(parsed<domain::ProposeAgendaItem>(
                  frame("propose_agenda_item",
                        R"(,"round_id":3,"title":"Fråga","motivation":)" + json_string(motivation)))
                  .motivation,
              motivation);
  }
  expect_refused(
      frame("propose_agenda_item", R"(,"round_id":3,"title":"Fråga","motivation":)" +
                                       json_string(std::string(domain::max_reason_bytes + 1, 'x'))),
      ErrorCode::too_large, "motivation");
  // 1001 two-byte letters are 2002 bytes: over the limit in bytes, not in characters.
  std::string swedish;
  for (int i = 0; i < 1001; ++i) swedish += "ö";
  expect_refused(frame("propose_agenda_item",
                       R"(,"round_id":3,"title":"Fråga","motivation":)" + json_string(swedish)),
                 ErrorCode::too_large, "motivation");
  for (const std::string value : {"null", "0", "[]", "{}", "false"}) {
    expect_refused(
        frame("propose_agenda_item", R"(,"round_id":3,"title":"Fråga","motivation":)" + value),
        ErrorCode::bad_request, "motivation");
  }
}

TEST(ParseProposeAgendaItem, TheTitleIsRequiredTextWithinItsLimit) {
  const auto title = [](const std::string& value) {
    return frame("propose_agenda_item", R"(,"round_id":3,"title":)" + value);
  };
  expect_refused(frame("propose_agenda_item", R"(,"round_id":3,"motivation":"M")"),
                 ErrorCode::bad_request, "title");
  for (const std::string blank : {R"("")", R"(" ")", R"("\u00a0\u200b")"}) {
    expect_refused(title(blank), ErrorCode::bad_request, "title");
  }
  for (const std::string value : {"null", "3", "[]"}) {
    expect_refused(title(value), ErrorCode::bad_request, "title");
  }
  EXPECT_EQ(parsed<domain::ProposeAgendaItem>(
                title(json_string(std::string(domain::max_title_bytes, 'x'))))
                .title.size(),
            domain::max_title_bytes);
  expect_refused(title(json_string(std::string(domain::max_title_bytes + 1, ' '))),
                 ErrorCode::too_large, "title");
}

TEST(ParseProposeAgendaItem, FieldsAreCheckedRoundIdTitleMotivation) {
  expect_refused(frame("propose_agenda_item", R"(,"motivation":1,"title":"","round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("propose_agenda_item", R"(,"motivation":1,"title":"","round_id":2)"),
                 ErrorCode::bad_request, "title");
  expect_refused(frame("propose_agenda_item", R"(,"motivation":1,"title":"T","round_id":2)"),
                 ErrorCode::bad_request, "motivation");
  for (const auto& id : bad_ids) {
    expect_refused(frame("propose_agenda_item", R"(,"round_id":)" + id + R"(,"title":"T")"),
                   ErrorCode::bad_request, "round_id");
  }
  for (const std::string unknown : {"thread_id", "stream", "reason", "body"}) {
    const auto failure = refused(
        frame("propose_agenda_item", R"(,"round_id":2,"title":"T",")" + unknown + R"(":1)"));
    EXPECT_EQ(failure.error.code, ErrorCode::unknown_field) << unknown;
    EXPECT_EQ(failure.id, 31);
  }
}

// --- decide_agenda_item ---

TEST(ParseDecideAgendaItem, AcceptIsABooleanAndAnAbsentReasonIsEmpty) {
  const auto accepted = parsed<domain::DecideAgendaItem>(
      frame("decide_agenda_item", R"(,"round_id":1,"thread_id":12,"accept":true)"));
  EXPECT_EQ(accepted.round, 1);
  EXPECT_EQ(accepted.thread, 12);
  EXPECT_TRUE(accepted.accept);
  EXPECT_EQ(accepted.reason, "");
  const auto declined = parsed<domain::DecideAgendaItem>(frame(
      "decide_agenda_item", R"(,"reason":"Tas upp i en annan tråd.","accept":false,"thread_id":)"
                            R"(9007199254740991,"round_id":2)"));
  EXPECT_EQ(declined.round, 2);
  EXPECT_EQ(declined.thread, 9007199254740991);
  EXPECT_FALSE(declined.accept);
  EXPECT_EQ(declined.reason, "Tas upp i en annan tråd.");
}

TEST(ParseDecideAgendaItem, DecliningWithoutAReasonIsLeftToTheDomain) {
  // The codec cannot tell a missing reason from an accepting one; the domain says bad_request.
  for (const std::string reason : {"", R"(,"reason":"")", R"(,"reason":" ")"}) {
    const auto declined = parsed<domain::DecideAgendaItem>(
        frame("decide_agenda_item", R"(,"round_id":1,"thread_id":14,"accept":false)" + reason));
    EXPECT_FALSE(declined.accept);
  }
}

TEST(ParseDecideAgendaItem, TheReasonIsAStringWithinItsLimit) {
  const auto with_reason = [](const std::string& value) {
    return frame("decide_agenda_item",
                 R"(,"round_id":1,"thread_id":14,"accept":false,"reason":)" + value);
  };
  EXPECT_EQ(
      parsed<domain::DecideAgendaItem>(with_reason(json_string(std::string(2000, 'x')))).reason,
      std::string(domain::max_reason_bytes, 'x'));
  expect_refused(with_reason(json_string(std::string(domain::max_reason_bytes + 1, 'x'))),
                 ErrorCode::too_large, "reason");
  for (const std::string value : {"null", "0", "false", "[]", R"({"text":"x"})"}) {
    expect_refused(with_reason(value), ErrorCode::bad_request, "reason");
  }
}

TEST(ParseDecideAgendaItem, AcceptIsRequiredAndOnlyTrueOrFalse) {
  expect_refused(frame("decide_agenda_item", R"(,"round_id":1,"thread_id":12)"),
                 ErrorCode::bad_request, "accept");
  for (const auto& value : not_booleans) {
    expect_refused(frame("decide_agenda_item", R"(,"round_id":1,"thread_id":12,"accept":)" + value),
                   ErrorCode::bad_request, "accept");
  }
}

TEST(ParseDecideAgendaItem, FieldsAreCheckedRoundIdThreadIdAcceptReason) {
  expect_refused(
      frame("decide_agenda_item", R"(,"reason":1,"accept":1,"thread_id":0,"round_id":0)"),
      ErrorCode::bad_request, "round_id");
  expect_refused(
      frame("decide_agenda_item", R"(,"reason":1,"accept":1,"thread_id":0,"round_id":1)"),
      ErrorCode::bad_request, "thread_id");
  expect_refused(
      frame("decide_agenda_item", R"(,"reason":1,"accept":1,"thread_id":1,"round_id":1)"),
      ErrorCode::bad_request, "accept");
  expect_refused(
      frame("decide_agenda_item", R"(,"reason":1,"accept":true,"thread_id":1,"round_id":1)"),
      ErrorCode::bad_request, "reason");
  expect_refused(frame("decide_agenda_item", R"(,"round_id":1,"accept":true)"),
                 ErrorCode::bad_request, "thread_id");
  for (const auto& id : bad_ids) {
    expect_refused(
        frame("decide_agenda_item", R"(,"round_id":1,"thread_id":)" + id + R"(,"accept":true)"),
        ErrorCode::bad_request, "thread_id");
  }
  const auto unknown = refused(
      frame("decide_agenda_item", R"(,"round_id":1,"thread_id":1,"accept":true,"accepted":true)"));
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
  EXPECT_NE(unknown.error.message.find("\"accepted\""), std::string::npos);
}

// --- move_thread ---

TEST(ParseMoveThread, BeforeIsAThreadOrNullForTheEnd) {
  const auto moved = parsed<domain::MoveThread>(
      frame("move_thread", R"(,"round_id":1,"thread_id":12,"before":2)"));
  EXPECT_EQ(moved.round, 1);
  EXPECT_EQ(moved.thread, 12);
  EXPECT_EQ(moved.before, 2);
  const auto to_end = parsed<domain::MoveThread>(
      frame("move_thread", R"(,"before":null,"thread_id":1,"round_id":1)"));
  EXPECT_EQ(to_end.thread, 1);
  EXPECT_EQ(to_end.before, std::nullopt);
}

TEST(ParseMoveThread, BeforeIsRequiredThoughItMayBeNull) {
  // Absent is not "to the end": a client that forgot the field must not reorder the agenda.
  expect_refused(frame("move_thread", R"(,"round_id":1,"thread_id":12)"), ErrorCode::bad_request,
                 "before");
  for (const auto& id : bad_ids) {
    expect_refused(frame("move_thread", R"(,"round_id":1,"thread_id":12,"before":)" + id),
                   ErrorCode::bad_request, "before");
  }
}

TEST(ParseMoveThread, FieldsAreCheckedRoundIdThreadIdBefore) {
  expect_refused(frame("move_thread", R"(,"before":0,"thread_id":0,"round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("move_thread", R"(,"before":0,"thread_id":0,"round_id":1)"),
                 ErrorCode::bad_request, "thread_id");
  expect_refused(frame("move_thread", R"(,"before":0,"thread_id":1,"round_id":1)"),
                 ErrorCode::bad_request, "before");
  expect_refused(frame("move_thread", R"(,"before":null,"round_id":1)"), ErrorCode::bad_request,
                 "thread_id");
  const auto unknown =
      refused(frame("move_thread", R"(,"round_id":1,"thread_id":1,"before":null,"after":2)"));
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
}

// --- lock_thread ---

TEST(ParseLockThread, LockedIsTrueOrFalse) {
  const auto locked = parsed<domain::LockThread>(
      frame("lock_thread", R"(,"round_id":1,"thread_id":3,"locked":true)"));
  EXPECT_EQ(locked.round, 1);
  EXPECT_EQ(locked.thread, 3);
  EXPECT_TRUE(locked.locked);
  EXPECT_FALSE(parsed<domain::LockThread>(
                   frame("lock_thread", R"(,"locked":false,"thread_id":3,"round_id":1)"))
                   .locked);
}

TEST(ParseLockThread, LockedIsRequiredAndOnlyABoolean) {
  expect_refused(frame("lock_thread", R"(,"round_id":1,"thread_id":3)"), ErrorCode::bad_request,
                 "locked");
  for (const auto& value : not_booleans) {
    expect_refused(frame("lock_thread", R"(,"round_id":1,"thread_id":3,"locked":)" + value),
                   ErrorCode::bad_request, "locked");
  }
}

TEST(ParseLockThread, FieldsAreCheckedRoundIdThreadIdLocked) {
  expect_refused(frame("lock_thread", R"(,"locked":1,"thread_id":0,"round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("lock_thread", R"(,"locked":1,"thread_id":0,"round_id":1)"),
                 ErrorCode::bad_request, "thread_id");
  expect_refused(frame("lock_thread", R"(,"locked":1,"thread_id":1,"round_id":1)"),
                 ErrorCode::bad_request, "locked");
  for (const auto& id : bad_ids) {
    expect_refused(frame("lock_thread", R"(,"round_id":)" + id + R"(,"thread_id":1,"locked":true)"),
                   ErrorCode::bad_request, "round_id");
  }
  const auto unknown =
      refused(frame("lock_thread", R"(,"round_id":1,"thread_id":1,"locked":true,"reason":"")"));
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
}

// --- pin_post ---

TEST(ParsePinPost, PostIdIsAPostOrNullToRemoveThePin) {
  const auto pinned =
      parsed<domain::PinPost>(frame("pin_post", R"(,"round_id":1,"thread_id":1,"post_id":3)"));
  EXPECT_EQ(pinned.round, 1);
  EXPECT_EQ(pinned.thread, 1);
  EXPECT_EQ(pinned.post, 3);
  const auto removed =
      parsed<domain::PinPost>(frame("pin_post", R"(,"post_id":null,"thread_id":7,"round_id":2)"));
  EXPECT_EQ(removed.round, 2);
  EXPECT_EQ(removed.thread, 7);
  EXPECT_EQ(removed.post, std::nullopt);
}

TEST(ParsePinPost, PostIdIsRequiredThoughItMayBeNull) {
  // Absent is not "no pin": a client that forgot the field must not remove a pin.
  expect_refused(frame("pin_post", R"(,"round_id":1,"thread_id":1)"), ErrorCode::bad_request,
                 "post_id");
  for (const auto& id : bad_ids) {
    expect_refused(frame("pin_post", R"(,"round_id":1,"thread_id":1,"post_id":)" + id),
                   ErrorCode::bad_request, "post_id");
  }
}

TEST(ParsePinPost, FieldsAreCheckedRoundIdThreadIdPostId) {
  expect_refused(frame("pin_post", R"(,"post_id":0,"thread_id":0,"round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  expect_refused(frame("pin_post", R"(,"post_id":0,"thread_id":0,"round_id":1)"),
                 ErrorCode::bad_request, "thread_id");
  expect_refused(frame("pin_post", R"(,"post_id":0,"thread_id":1,"round_id":1)"),
                 ErrorCode::bad_request, "post_id");
  const auto unknown =
      refused(frame("pin_post", R"(,"round_id":1,"thread_id":1,"post_id":null,"pinned":true)"));
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
}

// --- revise_proposal ---

TEST(ParseReviseProposal, TheWholeNewTextWhichMayBeEmptyOrBlank) {
  const auto revised = parsed<domain::ReviseProposal>(
      frame("revise_proposal", R"(,"round_id":1,"proposal":"## Förslag\n\n**Nytt**")"));
  EXPECT_EQ(revised.round, 1);
  EXPECT_EQ(revised.proposal, "## Förslag\n\n**Nytt**");
  for (const std::string& text :
       {std::string(), std::string(" \n"), std::string(domain::max_proposal_bytes, 'x')}) {
    EXPECT_EQ(parsed<domain::ReviseProposal>(
                  frame("revise_proposal", R"(,"round_id":1,"proposal":)" + json_string(text)))
                  .proposal.size(),
              text.size());
  }
}

TEST(ParseReviseProposal, TheProposalIsARequiredStringWithinItsLimit) {
  expect_refused(frame("revise_proposal", R"(,"round_id":1)"), ErrorCode::bad_request, "proposal");
  for (const std::string value : {"null", "1", "[]", R"({"text":""})"}) {
    expect_refused(frame("revise_proposal", R"(,"round_id":1,"proposal":)" + value),
                   ErrorCode::bad_request, "proposal");
  }
  expect_refused(
      frame("revise_proposal", R"(,"round_id":1,"proposal":)" +
                                   json_string(std::string(domain::max_proposal_bytes + 1, 'x'))),
      ErrorCode::too_large, "proposal");
  expect_refused(frame("revise_proposal", R"(,"proposal":null,"round_id":0)"),
                 ErrorCode::bad_request, "round_id");
  const auto unknown =
      refused(frame("revise_proposal", R"(,"round_id":1,"proposal":"","version":2)"));
  EXPECT_EQ(unknown.error.code, ErrorCode::unknown_field);
  EXPECT_NE(unknown.error.message.find("\"version\""), std::string::npos);
}

}  // namespace
}  // namespace samrad::protocol
