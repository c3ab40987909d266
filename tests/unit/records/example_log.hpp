// The published example files of protocol/examples/records/, rebuilt in memory from the fixed
// TEST key and twelve sample decision records of records.md's format ("The decision record"),
// so that a test can compare them byte for byte (and SAMRAD_UPDATE_EXAMPLES=1 can rewrite them).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "records/canonical_json.hpp"
#include "records/checkpoint.hpp"
#include "records/documents.hpp"
#include "records/merkle.hpp"
#include "records/note_keys.hpp"

namespace samrad::records::examples {

inline std::filesystem::path folder() {
  return std::filesystem::path(SAMRAD_PROTOCOL_DIR) / "examples" / "records";
}

inline constexpr const char* origin = "samrad.example/log";

// Seed 0x01, 0x02 ... 0x20: the published TEST key, never used by a real instance.
inline SignerKey test_key() {
  Seed seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i + 1);
  return SignerKey::from_seed(origin, seed);
}

// Another key of the same name (seed 0x21 ... 0x40), for the bundle signed by the wrong key.
inline SignerKey other_key() {
  Seed seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i + 0x21);
  return SignerKey::from_seed(origin, seed);
}

struct SampleRound {
  int id;
  const char* title;
  const char* sector;
  const char* decided_at;
  const char* outcome;
};

inline std::string hex_sha256(const std::string& text) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : sha256(text)) {
    out += digits[byte >> 4];
    out += digits[byte & 0x0f];
  }
  return out;
}

// A small but complete record of records.md ("The decision record"): four organisations, one
// of which dissents, a secretariat that decides, and the state's response to one point.
inline nlohmann::json sample_decision_record(int id, const char* title, const char* sector,
                                             const char* decided_at, const char* outcome,
                                             const char* orebro_stance) {
  using nlohmann::json;
  const json sara = {{"id", 2}, {"name", "Sara Ekström"}, {"organisation_id", 12}};
  const json anna = {{"id", 14}, {"name", "Anna Lind"}, {"organisation_id", 5}};
  const json lars = {{"id", 17}, {"name", "Lars Åkesson"}, {"organisation_id", 8}};
  const json olof = {{"id", 23}, {"name", "Olof Järv"}, {"organisation_id", 2}};
  const json maja = {{"id", 16}, {"name", "Maja Öberg"}, {"organisation_id", 7}};
  const auto organisation = [](int org, const char* name, const char* kind, const char* side) {
    return json{{"id", org}, {"name", name}, {"kind", kind}, {"side", side}};
  };
  const json malmo = organisation(5, "Malmö stad", "municipality", "municipal");
  const json skane = organisation(8, "Region Skåne", "region", "municipal");
  const json social = organisation(2, "Socialdepartementet", "ministry", "state");
  const json orebro = organisation(7, "Örebro kommun", "municipality", "municipal");
  const auto version = [](const char* stance, const char* motivation, const json& by) {
    return json{{"version", 1},
                {"stance", stance},
                {"motivation", motivation},
                {"points", json::array()},
                {"stated_at", "2026-09-10T09:00:00.000Z"},
                {"stated_by", by}};
  };
  const auto participant = [](const json& org, const json& person) {
    return json{{"organisation", org},
                {"invited", true},
                {"people", {person}},
                {"posts", 1},
                {"position_versions", 1}};
  };
  const std::string proposal = std::string("Förslag: ") + title + ".\n";
  const bool opposes = std::string(orebro_stance) == "opposes";
  return {
      {"format", "samrad-decision-record/1"},
      {"log_origin", "samrad.example/log"},
      {"supersedes", nullptr},
      {"round",
       {{"id", id},
        {"title", title},
        {"kind", "plenary"},
        {"sectors", {sector}},
        {"created_at", "2026-09-01T08:00:00.000Z"},
        {"created_by", sara},
        {"opened_at", "2026-09-02T08:00:00.000Z"},
        {"closed_at", "2026-09-12T16:00:00.000Z"},
        {"decided_at", decided_at},
        {"decided_by", sara}}},
      {"proposal", {{"version", 1}, {"sha256", hex_sha256(proposal)}, {"text", proposal}}},
      {"proposal_versions",
       {{{"version", 1},
         {"sha256", hex_sha256(proposal)},
         {"at", "2026-09-01T08:00:00.000Z"},
         {"by", sara}}}},
      {"agenda", json::array()},
      {"participants",
       {participant(malmo, anna), participant(skane, lars), participant(social, olof),
        participant(orebro, maja)}},
      {"positions",
       {{{"organisation", malmo},
         {"versions",
          {version("supports_with_reservations",
                   "Vi stöder förslaget men saknar finansiering för år två.", anna)}}},
        {{"organisation", skane}, {"versions", {version("supports", "", lars)}}},
        {{"organisation", social}, {"versions", {version("supports", "", olof)}}},
        {{"organisation", orebro},
         {"versions",
          {version(orebro_stance, "Förslaget ökar kommunens kostnader utan kompensation.",
                   maja)}}}}},
      {"tally",
       {{"invited", 4},
        {"answered", 4},
        {"stances",
         {{"supports", 2},
          {"supports_with_reservations", 1},
          {"opposes", opposes ? 1 : 0},
          {"abstains", opposes ? 0 : 1},
          {"no_comments", 0}}}}},
      {"outcome",
       {{"summary", outcome},
        {"agreed", json::array()},
        {"written_at", decided_at},
        {"written_by", sara},
        {"version", 1}}},
      {"responses",
       {{{"point", "Finansiering år två"},
         {"raised_by", {{"posts", json::array()}, {"organisations", {5}}}},
         {"response", "partly_accepted"},
         {"reason", "Frågan tas upp i budgetpropositionen."}}}},
      {"dissent",
       {{{"organisation", orebro},
         {"text", "Reservation mot punkt 2."},
         {"at", decided_at},
         {"by", maja}}}},
      {"joint_document", nullptr},
      {"timeline",
       {{{"seq", 1},
         {"at", "2026-09-01T08:00:00.000Z"},
         {"kind", "round_created"},
         {"actor", sara},
         {"summary", "Round created as plenary"}}}},
      {"counts",
       {{"threads", 1},
        {"posts", 4},
        {"hidden_posts", 0},
        {"edited_posts", 0},
        {"positions_stated", 4},
        {"reminders", 0}}},
  };
}

// Record i of the example log, in canonical form. A rewritten log (the fork) changes record 2.
inline std::string sample_record(std::size_t i, bool rewritten = false) {
  static const SampleRound rounds[] = {
      {101, "Nationell plan för äldreomsorgens kompetensförsörjning", "social_care",
       "2026-09-14T09:30:00.000Z", "Planen genomförs med de ändringar som samrådet enats om."},
      {102, "Gemensam uppföljning av elevhälsan i grundskolan", "school",
       "2026-09-28T13:05:12.250Z", "Uppföljningen införs stegvis från läsåret 2027/28."},
      {103, "Regionernas ansvar för digitala vårdbesök", "health_care", "2026-10-02T08:45:00.000Z",
       "Ansvarsfördelningen förtydligas i en vägledning."},
      {104, "Statsbidrag för förebyggande socialt arbete", "social_care",
       "2026-10-09T15:20:30.500Z", "Bidraget förenklas till en ansökan per år."},
      {105, "Skolans ansvar för simundervisning", "school", "2026-10-16T10:00:00.000Z",
       "Förslaget dras tillbaka och arbetas om."},
      {106, "Gemensam informationsförsörjning i vården", "health_care", "2026-10-23T11:11:11.111Z",
       "Staten tar fram en färdplan tillsammans med SKR."},
      {107, "Tillsyn över hemtjänstens kvalitet", "social_care", "2026-10-30T14:45:00.000Z",
       "Tillsynen samordnas mellan IVO och kommunerna."},
      {108, "Lärarnas administrativa börda", "school", "2026-11-06T09:00:00.000Z",
       "En gemensam åtgärdslista tas fram före årsskiftet."},
      {109, "Ambulanssjukvård i glesbygd", "health_care", "2026-11-13T16:30:00.000Z",
       "Försöksverksamheten förlängs i två år."},
      {110, "Kommunernas kostnader för försörjningsstöd", "social_care", "2026-11-20T12:00:00.000Z",
       "Frågan lämnas till nästa överläggning."},
      {111, "Skolskjutsar och elevernas säkerhet", "school", "2026-11-23T10:15:00.123Z",
       "Nya riktlinjer ges ut i samråd med Trafikverket."},
      {112, "Psykiatrisk vård för barn och unga", "health_care", "2026-11-27T08:00:00.000Z",
       "Regionerna och staten delar på kostnaden för försöket."},
  };
  const auto& round = rounds[i];
  return canonical_form(
      sample_decision_record(round.id, round.title, round.sector, round.decided_at,
                             rewritten ? "Förslaget antas utan ändringar." : round.outcome,
                             i % 3 == 0 ? "opposes" : "abstains"));
}

inline std::vector<Hash> leaf_hashes(std::size_t count, bool rewritten) {
  std::vector<Hash> leaves;
  for (std::size_t i = 0; i < count; ++i) {
    leaves.push_back(leaf_hash(sample_record(i, rewritten && i == 2)));
  }
  return leaves;
}

inline std::string checkpoint_note(std::size_t size, bool rewritten, const SignerKey& key) {
  const auto leaves = leaf_hashes(size, rewritten);
  return sign_checkpoint({origin, size, tree_root(leaves)}, key);
}

inline std::string bundle(std::size_t index, std::size_t size, const SignerKey& key,
                          bool tamper_record = false) {
  const auto leaves = leaf_hashes(size, false);
  auto record = sample_record(index);
  if (tamper_record) {
    auto changed = nlohmann::json::parse(record);
    changed["outcome"]["summary"] = "Förslaget avslås.";
    record = canonical_form(changed);
  }
  return format_bundle(
      {index, record, inclusion_proof(leaves, index), checkpoint_note(size, false, key)});
}

// File name → exact bytes.
inline std::map<std::string, std::string> files() {
  const auto key = test_key();
  const auto leaves = leaf_hashes(12, false);
  std::map<std::string, std::string> out;
  out["test-signer.key"] = format_signer_key(key) + "\n";
  out["log.vkey"] = format_verifier_key(key.verifier()) + "\n";
  out["bundle-valid.json"] = bundle(4, 7, key);
  out["bundle-tampered-record.json"] = bundle(4, 7, key, /*tamper_record=*/true);
  out["bundle-wrong-key.json"] = bundle(4, 7, other_key());
  out["checkpoint-7.txt"] = checkpoint_note(7, false, key);
  out["checkpoint-12.txt"] = checkpoint_note(12, false, key);
  out["checkpoint-12-fork.txt"] = checkpoint_note(12, true, key);
  out["consistency-7-12.json"] = format_consistency_proof({7, 12, consistency_proof(leaves, 7)});
  out["consistency-12-12.json"] = format_consistency_proof({12, 12, {}});
  const nlohmann::ordered_json expected = {
      {"key", "log.vkey"},
      {"bundles",
       {{{"bundle", "bundle-valid.json"},
         {"expect", "ok"},
         {"origin", origin},
         {"tree_size", 7},
         {"log_index", 4}},
        {{"bundle", "bundle-tampered-record.json"}, {"expect", "inclusion"}},
        {{"bundle", "bundle-wrong-key.json"}, {"expect", "signature"}}}},
      {"consistency",
       {{{"older", "checkpoint-7.txt"},
         {"newer", "checkpoint-12.txt"},
         {"proof", "consistency-7-12.json"},
         {"expect", "ok"}},
        {{"older", "checkpoint-7.txt"},
         {"newer", "checkpoint-12-fork.txt"},
         {"proof", "consistency-7-12.json"},
         {"expect", "consistency"}},
        {{"older", "checkpoint-12.txt"},
         {"newer", "checkpoint-12-fork.txt"},
         {"proof", "consistency-12-12.json"},
         {"expect", "consistency"}}}},
  };
  out["expected.json"] = expected.dump(2) + "\n";
  return out;
}

}  // namespace samrad::records::examples
