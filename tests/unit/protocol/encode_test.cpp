// The encoders against protocol/examples/server: each example is rebuilt from C++ values and must
// be the same JSON. Also: frames are compact, and a person's email never reaches the wire.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>

#include "protocol/codec.hpp"
#include "protocol_fixtures.hpp"

namespace samrad::protocol {
namespace {

namespace fx = fixtures;
using namespace std::chrono;
using domain::OrganisationKind;
using domain::Role;

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
      {"result_subscribe.json", [] { return encode_subscribed_result(2, 1, 42); }},
      {"result_unsubscribe.json", [] { return encode_unsubscribed_result(4, 1); }},
      {"result_create_thread.json", [] { return encode_thread_created_result(5, 1, 43, 7); }},
      {"result_create_post.json", [] { return encode_post_created_result(6, 1, 44, 120); }},
      {"error_not_found.json",
       [] {
         return encode_error(7, {domain::ErrorCode::not_found, "No such round"});
       }},
      {"error_without_id.json",
       [] {
         return encode_error(std::nullopt,
                             {domain::ErrorCode::bad_json, "The message is not valid JSON"});
       }},
      {"event_round_created.json",
       [=] {
         return encode_event(
             {1, 1, at(nov23, 9h), erik,
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
         return encode_event({1, 2, at(nov23, 9h + 5min + 250ms), erik,
                              domain::ThreadCreated{2, "Konsekvenser för kommunernas planering"}});
       }},
      {"event_post_created.json",
       [=] {
         return encode_event({1, 5, at(nov23, 10h + 15min + 123ms), anna,
                              domain::PostCreated{10, 2, std::nullopt,
                                                  "Malmö stad ser **positivt** på förslaget."}});
       }},
      {"event_post_created_reply.json",
       [=] {
         return encode_event(
             {1, 6, at(nov23, 10h + 16min + 30s + 7ms), erik,
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
  }
}

TEST(Encode, APersonsEmailNeverReachesTheWire) {
  const auto event = encode_event({1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "Hej"}});
  EXPECT_EQ(event.find(anna.email), std::string::npos) << event;
  EXPECT_EQ(encode_welcome(anna, 65536).find(anna.email), std::string::npos);
  const auto person = person_json(anna);
  EXPECT_FALSE(person.contains("email"));
  EXPECT_EQ(person.at("organisation").at("side"), "municipal");
}

TEST(Encode, InvalidUtf8InStoredTextIsReplacedNotThrown) {
  std::string frame;
  ASSERT_NO_THROW(frame = encode_event(
                      {1, 5, 0, anna, domain::PostCreated{10, 2, std::nullopt, "bad \xC3 byte"}}));
  const auto body = nlohmann::json::parse(frame).at("data").at("body").get<std::string>();
  EXPECT_EQ(body, "bad \xEF\xBF\xBD byte");  // U+FFFD
}

TEST(Encode, WelcomeCarriesTheConfiguredLimit) {
  const auto welcome = nlohmann::json::parse(encode_welcome(anna, 1234));
  EXPECT_EQ(welcome.at("limits").at("max_message_bytes"), 1234);
  EXPECT_EQ(welcome.at("protocol"), version);
}

}  // namespace
}  // namespace samrad::protocol
