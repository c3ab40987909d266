// The request parser against protocol/examples: every valid client example is understood, every
// invalid frame gets exactly the error its manifest names; plus the limits no fixture can hold.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>

#include "domain/result.hpp"
#include "protocol/codec.hpp"
#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

namespace fx = fixtures;

// A readable one-line description of a parsed request, so expectations read like the examples.
struct Describe {
  std::string operator()(const ListRounds&) const { return "list_rounds"; }
  std::string operator()(const Subscribe& s) const {
    return "subscribe round=" + std::to_string(s.round) + " since=" + std::to_string(s.since);
  }
  std::string operator()(const Unsubscribe& u) const {
    return "unsubscribe round=" + std::to_string(u.round);
  }
  std::string operator()(const domain::CreateThread& t) const {
    return "create_thread round=" + std::to_string(t.round) + " title=" + t.title;
  }
  std::string operator()(const domain::CreatePost& p) const {
    return "create_post round=" + std::to_string(p.round) + " thread=" + std::to_string(p.thread) +
           " reply_to=" + (p.reply_to ? std::to_string(*p.reply_to) : "none") + " body=" + p.body;
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
      {"subscribe.json", "2 subscribe round=1 since=0"},
      {"subscribe_resume.json", "3 subscribe round=1 since=42"},
      {"unsubscribe.json", "4 unsubscribe round=1"},
      {"create_thread.json",
       "5 create_thread round=1 title=Hur påverkas kommunernas planering av riktade statsbidrag?"},
      {"create_thread_title_300_bytes.json", "25 create_thread round=1 title=" + repeat("å", 150)},
      {"create_post.json",
       "6 create_post round=1 thread=2 reply_to=none body=Malmö stad ser **positivt** på "
       "förslaget."},
      {"create_post_reply.json",
       "7 create_post round=1 thread=2 reply_to=10 body=Instämmer, men bidragen bör\nräknas upp "
       "årligen."},
      {"create_post_without_reply_to.json",
       "9007199254740991 create_post round=1 thread=2 reply_to=none body=Kiruna kommun avstår."},
      {"create_post_escaped.json",
       "8 create_post round=1 thread=3 reply_to=none body=Region Skåne: \"ja\"\t\xF0\x9F\x91\x8D"},
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

TEST(ParseRequest, EveryInvalidExampleGivesTheManifestsErrorAndId) {
  const auto folder = fx::protocol_dir() / "examples" / "invalid";
  const auto manifest = fx::read_json(folder / "manifest.json");
  auto listed = fx::file_names(folder);
  listed.erase("manifest.json");
  std::set<std::string> in_manifest;
  for (const auto& [name, expected] : manifest.items()) in_manifest.insert(name);
  EXPECT_EQ(listed, in_manifest) << "manifest.json and the folder disagree";
  ASSERT_GE(manifest.size(), 40u);

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
  EXPECT_EQ(std::get<Subscribe>(request.body).round, 9007199254740991);
  EXPECT_EQ(std::get<Subscribe>(request.body).since, 9007199254740991);
}

}  // namespace
}  // namespace samrad::protocol
