// A decision record (records.md, "The decision record") as typed values, read and checked once
// so that every export renders from the same validated data. Codes (stances, kinds, responses)
// stay records.md's English spellings; the exports translate them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace samrad::records {

struct RecordPerson {
  std::int64_t id = 0;
  std::string name;
  std::int64_t organisation_id = 0;
};

struct RecordOrganisation {
  std::int64_t id = 0;
  std::string name;
  std::string kind;  // ministry, agency, municipality, region, association, other
  std::string side;  // state, municipal, neutral
};

struct RecordRound {
  std::int64_t id = 0;
  std::string title;
  std::string kind;  // plenary, bilateral
  std::vector<std::string> sectors;
  std::string created_at;
  RecordPerson created_by;
  std::optional<std::string> opened_at;
  std::optional<std::string> closed_at;
  std::string decided_at;
  RecordPerson decided_by;
};

struct RecordProposal {
  std::int64_t version = 0;
  std::string sha256;
  std::string text;  // Markdown
};

struct RecordProposalVersion {
  std::int64_t version = 0;
  std::string sha256;
  std::string at;
  RecordPerson by;
};

struct RecordAgendaItem {
  std::int64_t thread_id = 0;
  std::string title;
  std::string status;  // accepted, proposed, declined
};

struct RecordParticipant {
  RecordOrganisation organisation;
  bool invited = false;
  std::vector<RecordPerson> people;
  std::int64_t posts = 0;
  std::int64_t position_versions = 0;
};

struct RecordPointStance {
  std::int64_t thread_id = 0;
  std::string title;
  std::string stance;
  std::string motivation;
};

struct RecordPositionVersion {
  std::int64_t version = 0;
  std::string stance;
  std::string motivation;
  std::vector<RecordPointStance> points;
  std::string stated_at;
  RecordPerson stated_by;
};

struct RecordPosition {
  RecordOrganisation organisation;
  std::vector<RecordPositionVersion> versions;  // oldest first; the last is the position
};

struct RecordTally {
  std::int64_t invited = 0;
  std::int64_t answered = 0;
  std::int64_t supports = 0;
  std::int64_t supports_with_reservations = 0;
  std::int64_t opposes = 0;
  std::int64_t abstains = 0;
  std::int64_t no_comments = 0;
};

struct RecordOutcome {
  std::string summary;
  std::vector<std::string> agreed;
  std::string written_at;
  RecordPerson written_by;
  std::int64_t version = 0;
};

struct RecordResponse {
  std::string point;
  std::vector<std::int64_t> raised_by_posts;
  std::vector<std::int64_t> raised_by_organisations;  // organisation ids
  std::string response;                               // accepted, partly_accepted, not_accepted
  std::string reason;
};

struct RecordDissent {
  RecordOrganisation organisation;
  std::string text;
  std::string at;
  RecordPerson by;
};

// The latest version of one agenda item's minutes.
struct RecordMinutes {
  std::int64_t thread_id = 0;
  std::string title;
  std::int64_t version = 0;
  std::string state_input;      // Markdown
  std::string municipal_input;  // Markdown
  std::string state_comment;    // Markdown
  std::vector<std::int64_t> posts;
  std::string written_at;
  RecordPerson written_by;
};

struct RecordApproval {
  std::string side;
  std::int64_t version = 0;
  std::string at;
  RecordPerson by;
};

struct RecordJointDocument {
  std::int64_t version = 0;
  std::string sha256;
  std::string text;  // Markdown
  std::vector<RecordApproval> approvals;
};

struct RecordTimelineEntry {
  std::int64_t seq = 0;
  std::string at;
  std::string kind;
  std::optional<RecordPerson> actor;  // null for what the server did by itself (a timed close)
  std::string summary;                // English, as records.md says
};

struct RecordCounts {
  std::int64_t threads = 0;
  std::int64_t posts = 0;
  std::int64_t hidden_posts = 0;
  std::int64_t edited_posts = 0;
  std::int64_t positions_stated = 0;
  std::int64_t reminders = 0;
};

struct RecordSupersedes {
  std::int64_t log_index = 0;
  std::string leaf_hash;  // base64
  std::string reason;     // why the record was corrected
};

struct DecisionRecord {
  std::string log_origin;
  std::optional<RecordSupersedes> supersedes;
  RecordRound round;
  RecordProposal proposal;
  std::vector<RecordProposalVersion> proposal_versions;
  std::vector<RecordAgendaItem> agenda;
  std::vector<RecordParticipant> participants;
  std::vector<RecordPosition> positions;
  RecordTally tally;
  std::optional<RecordOutcome> outcome;
  std::vector<RecordResponse> responses;
  std::vector<RecordDissent> dissent;
  std::vector<RecordMinutes> minutes;  // in agenda order
  std::optional<RecordJointDocument> joint_document;
  std::vector<RecordTimelineEntry> timeline;
  RecordCounts counts;
};

}  // namespace samrad::records
