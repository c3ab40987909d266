// The encoders against protocol/examples/server: each example is rebuilt from C++ values and must
// be the same JSON, key order included. Also: "stream" appears only for preparation streams,
// frames are compact, and a person's email never reaches the wire.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

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

domain::Timestamp at(sys_days day, milliseconds time_of_day) {
  return (time_point_cast<milliseconds>(day) + time_of_day).time_since_epoch().count();
}

std::map<std::string, std::function<std::string()>> encoded_examples() {
  const auto nov23 = sys_days{2026y / November / 23};
  return {
      {"welcome.json", [] { return encode_welcome(anna, 65536); }},
      {"result_list_rounds.json",
       [] {
         return encode_rounds_result(1, {{2, "Nationell konsultationsordning", domain::Phase::draft,
                                          1, "2026-11-24T08:00:00.000Z"},
                                         {1, "Generella statsbidrag som huvudprincip",
                                          domain::Phase::open, 42, "2026-11-23T09:00:00.000Z"}});
       }},
      {"result_list_rounds_empty.json", [] { return encode_rounds_result(11, {}); }},
      {"result_subscribe.json", [] { return encode_subscribed_result(2, main_of_1, 42); }},
      {"result_subscribe_preparation_stream.json",
       [] { return encode_subscribed_result(12, municipal_of_1, 0); }},
      {"result_unsubscribe.json", [] { return encode_unsubscribed_result(4, main_of_1); }},
      {"result_unsubscribe_preparation_stream.json",
       [] { return encode_unsubscribed_result(13, municipal_of_1); }},
      {"result_create_thread.json",
       [=] {
         return encode_command_result(
             5, {main_of_1, 43, at(nov23, 9h), erik, domain::ThreadCreated{7, "Finansiering"}});
       }},
      {"result_create_post.json",
       [=] {
         return encode_command_result(6, {main_of_1, 44, at(nov23, 10h), anna,
                                          domain::PostCreated{120, 2, std::nullopt, "Ja."}});
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
         return encode_event(
             {main_of_1, 1, at(nov23, 9h), erik,
              domain::RoundCreated{
                  "Generella statsbidrag som huvudprincip",
                  "# Förslag\n\nRiktade statsbidrag ersätts i huvudsak av **generella** bidrag.",
                  domain::Phase::open,
                  {malmo,
                   {4, "Region Skåne", OrganisationKind::region},
                   {5, "SKR", OrganisationKind::association},
                   {6, "Skolverket", OrganisationKind::agency},
                   {7, "Forum för samråd", OrganisationKind::other}}}});
       }},
      {"event_thread_created.json",
       [=] {
         return encode_event({main_of_1, 2, at(nov23, 9h + 5min + 250ms), erik,
                              domain::ThreadCreated{2, "Konsekvenser för kommunernas planering"}});
       }},
      {"event_post_created.json",
       [=] {
         return encode_event({main_of_1, 5, at(nov23, 10h + 15min + 123ms), anna,
                              domain::PostCreated{10, 2, std::nullopt,
                                                  "Malmö stad ser **positivt** på förslaget."}});
       }},
      {"event_post_created_preparation.json",
       [=] {
         return encode_event({municipal_of_1, 1, at(nov23, 11h + 2min + 45s + 500ms), anna,
                              domain::PostCreated{12, 8, std::nullopt,
                                                  "Förslag till gemensamt svar från kommunerna."}});
       }},
      {"event_post_created_reply.json",
       [=] {
         return encode_event(
             {main_of_1, 6, at(nov23, 10h + 16min + 30s + 7ms), erik,
              domain::PostCreated{11, 2, 10, "Tack. Hur ser ni på en övergångsperiod?"}});
       }},
  };
}

TEST(Encode, EveryServerExampleIsWhatTheEncoderProduces) {
  const auto folder = fx::protocol_dir() / "examples" / "server";
  const auto examples = encoded_examples();
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
  const auto event =
      encode_event({main_of_1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej"}});
  EXPECT_EQ(event.find(anna.email), std::string::npos) << event;
  EXPECT_EQ(encode_welcome(anna, 65536).find(anna.email), std::string::npos);
  const auto person = person_json(anna);
  EXPECT_FALSE(person.contains("email"));
  EXPECT_EQ(person.at("organisation").at("side"), "municipal");
}

TEST(Encode, InvalidUtf8InStoredTextIsReplacedNotThrown) {
  std::string frame;
  ASSERT_NO_THROW(frame =
                      encode_event({main_of_1, 5, 0, anna,
                                    domain::PostCreated{10, 2, std::nullopt, "bad \xC3 byte"}}));
  const auto body = nlohmann::json::parse(frame).at("data").at("body").get<std::string>();
  EXPECT_EQ(body, "bad \xEF\xBF\xBD byte");  // U+FFFD
}

TEST(Encode, WelcomeCarriesTheConfiguredLimit) {
  const auto welcome = nlohmann::json::parse(encode_welcome(anna, 1234));
  EXPECT_EQ(welcome.at("limits").at("max_message_bytes"), 1234);
  EXPECT_EQ(welcome.at("protocol"), version);
}

// --- streams ---

constexpr StreamKind all_streams[] = {StreamKind::main, StreamKind::state_preparation,
                                      StreamKind::municipal_preparation};

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
    const auto frame = nlohmann::ordered_json::parse(
        encode_event({{9, kind}, 3, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej"}}));
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
        nlohmann::ordered_json::parse(encode_subscribed_result(21, {9, kind}, 17));
    EXPECT_EQ(subscribed.at("id"), 21);
    EXPECT_EQ(keys_of(subscribed.at("result")), then(place_keys(kind), {"head_seq"}));
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
        31, {{9, kind}, 4, 0, anna, domain::PostCreated{77, 2, std::nullopt, "Hej"}}));
    EXPECT_EQ(post.at("id"), 31);
    EXPECT_EQ(keys_of(post.at("result")), then(place_keys(kind), {"seq", "post_id"}));
    EXPECT_EQ(post.at("result").at("seq"), 4);
    EXPECT_EQ(post.at("result").at("post_id"), 77);
    if (kind != StreamKind::main) {
      EXPECT_EQ(post.at("result").at("stream"), domain::to_string(kind));
    }
  }
  const auto thread = nlohmann::ordered_json::parse(encode_command_result(
      32, {{9, StreamKind::main}, 5, 0, erik, domain::ThreadCreated{66, "Finansiering"}}));
  EXPECT_EQ(keys_of(thread.at("result")),
            (std::vector<std::string>{"round_id", "seq", "thread_id"}));
  EXPECT_EQ(thread.at("result").at("thread_id"), 66);
}

TEST(EncodeStream, AMainStreamFrameIsTheSameWhetherOrNotStreamsExist) {
  // Byte for byte what protocol v1 sent before streams: no "stream" key anywhere.
  EXPECT_EQ(encode_subscribed_result(2, main_of_1, 42),
            R"({"type":"result","id":2,"result":{"round_id":1,"head_seq":42}})");
  EXPECT_EQ(encode_unsubscribed_result(4, main_of_1),
            R"({"type":"result","id":4,"result":{"round_id":1}})");
  EXPECT_EQ(encode_command_result(
                6, {main_of_1, 44, 0, anna, domain::PostCreated{120, 2, std::nullopt, "Ja."}}),
            R"({"type":"result","id":6,"result":{"round_id":1,"seq":44,"post_id":120}})");
  const auto event =
      encode_event({main_of_1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej"}});
  EXPECT_EQ(event.find("\"stream\""), std::string::npos) << event;
  EXPECT_EQ(event.rfind(R"({"type":"event","round_id":1,"seq":5,)", 0), 0u) << event;
}

TEST(EncodeStream, TheStreamIsWrittenWithItsProtocolSpelling) {
  EXPECT_NE(encode_event({{1, StreamKind::state_preparation},
                          1,
                          0,
                          erik,
                          domain::ThreadCreated{3, "Statens förberedelse"}})
                .find(R"("round_id":1,"stream":"state_preparation","seq":1,)"),
            std::string::npos);
  EXPECT_NE(encode_subscribed_result(5, {1, StreamKind::municipal_preparation}, 0)
                .find(R"({"round_id":1,"stream":"municipal_preparation","head_seq":0})"),
            std::string::npos);
}

}  // namespace
}  // namespace samrad::protocol
