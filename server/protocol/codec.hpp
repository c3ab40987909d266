// Protocol v1 codec (spec: protocol/README.md). Parses client requests strictly (unknown types
// and fields, wrong types, ranges) and encodes server messages. Both this codec and the web
// client are tested against protocol/examples.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "domain/commands.hpp"
#include "domain/events.hpp"
#include "domain/participation.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::protocol {

inline constexpr int version = 1;

using RequestId = std::int64_t;  // 1 .. 2^53-1, chosen by the client

struct ListRounds {};
struct ListOrganisations {};
struct Subscribe {
  domain::StreamId stream;  // "round_id" and "stream" (absent: the main stream)
  domain::Seq since = 0;    // deliver every event with seq > since
  // The epoch since belongs to, from an earlier subscribe's result (absent: not said).
  std::optional<std::string> epoch;
};
struct Unsubscribe {
  domain::StreamId stream;
};
// A post's versions (and, for the secretariat and its author, a hidden post's text).
struct PostHistoryRequest {
  domain::RoundId round = 0;
  domain::PostId post = 0;
};

// Who has answered in a round: a read, for the secretariat.
struct ListParticipation {
  domain::RoundId round = 0;
};

// Who is in a round now (presence): a read, for anyone who may see the round.
struct ListPresence {
  domain::RoundId round = 0;
};

using RequestBody =
    std::variant<ListRounds, ListOrganisations, Subscribe, Unsubscribe, domain::CreateThread,
                 domain::CreatePost, domain::CreateRound, domain::ChangePhase, domain::SetSchedule,
                 domain::InviteOrganisation, domain::WithdrawInvitation, domain::ProposeAgendaItem,
                 domain::DecideAgendaItem, domain::MoveThread, domain::LockThread, domain::PinPost,
                 domain::ReviseProposal, domain::EditPost, domain::HidePost, domain::UnhidePost,
                 domain::ReportPost, domain::DismissReport, PostHistoryRequest, ListParticipation,
                 domain::SendReminder, domain::StatePosition, domain::WriteOutcome,
                 domain::AttachDissent, domain::WriteMinutes, domain::WriteJointDocument,
                 domain::ApproveJointDocument, ListPresence>;

// A state-changing request: one that carries out a domain command (all but the reads).
bool is_command(const RequestBody& body);

struct Request {
  RequestId id = 0;
  RequestBody body;
  // A command's idempotency key ("key": 1 to 64 of A–Z a–z 0–9 . _ : -), and a fingerprint of
  // the rest of the request (type and fields, without id and key), so that a key sent again
  // with another request can be told from a retry.
  std::optional<std::string> key = std::nullopt;
  std::string fingerprint = {};
};

// A request that could not be parsed; id is set when one could be read, so the error can be
// matched to the request by the client.
struct ParseFailure {
  std::optional<RequestId> id;
  domain::Error error;
};

// Parses one text frame. The caller has already enforced the frame size limit and UTF-8.
std::variant<Request, ParseFailure> parse_request(std::string_view text);

// Server -> client messages. Each returns the complete frame text.
std::string encode_welcome(const domain::Person& me, std::size_t max_message_bytes);
std::string encode_event(const domain::Event& event);
std::string encode_error(std::optional<RequestId> id, const domain::Error& error);
std::string encode_rounds_result(RequestId id, const std::vector<domain::RoundSummary>& rounds);
std::string encode_organisations_result(RequestId id,
                                        const std::vector<domain::Organisation>& organisations);
std::string encode_participation_result(RequestId id, domain::RoundId round,
                                        const std::vector<domain::OrganisationParticipation>& list);
// The people present in a round, in the order given (the service sorts them by name, then id).
std::string encode_presence_result(RequestId id, domain::RoundId round,
                                   const std::vector<domain::Person>& people);
// The server ended a subscription on its own (e.g. "access_withdrawn": the person's organisation
// is no longer invited); nothing more of that stream follows.
std::string encode_subscription_ended(const domain::StreamId& stream, std::string_view reason);
std::string encode_subscribed_result(RequestId id, const domain::StreamId& stream,
                                     domain::Seq head_seq, const std::string& epoch);
std::string encode_unsubscribed_result(RequestId id, const domain::StreamId& stream);
// After commit, from the command's event: create_thread answers with "thread_id", create_post
// with "post_id", both with the event's place ("round_id", "stream" unless main, "seq").
std::string encode_command_result(RequestId id, const domain::Event& event);

// A post's history as its reader may see it: "hidden" (reason and time) or null, and every
// version's text.
struct PostHistoryView {
  domain::RoundId round = 0;
  domain::PostId post = 0;
  domain::ThreadId thread = 0;
  std::optional<std::pair<std::string, domain::Timestamp>> hidden;  // reason, at
  struct Version {
    std::int64_t version = 1;
    std::string body;
    domain::Timestamp at = 0;
  };
  std::vector<Version> versions;
};
std::string encode_post_history_result(RequestId id, const PostHistoryView& history);

// The person as the HTTP API and the welcome message show it (never the password hash).
nlohmann::json person_json(const domain::Person& person);

}  // namespace samrad::protocol
