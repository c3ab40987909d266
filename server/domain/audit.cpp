// What each command leaves in the audit log (see audit.hpp).
#include "domain/audit.hpp"

#include <array>
#include <string>
#include <variant>

namespace samrad::domain {

namespace {

constexpr std::array<std::string_view, 3> source_names = {"web", "cli", "server"};

std::string time_or_none(const std::optional<Timestamp>& time) {
  return time ? format_timestamp(*time) : std::string();
}

// The thing an event made or changed, and what it says: names and choices, never a text people
// wrote at length (a post, a proposal, a motivation or reason), which stays in the event. Kinds
// added later fall to the template and are recorded by their place alone until they are given
// their own summary.
struct Summary {
  std::string target_kind;
  std::optional<std::int64_t> target_id;
  std::vector<AuditDetail> details;
};

struct Summarise {
  RoundId round;
  StreamKind stream;

  Summary operator()(const RoundCreated& created) const {
    std::string invited;
    for (const auto& organisation : created.invited) {
      if (!invited.empty()) invited += ", ";
      invited += organisation.name;
    }
    return {"round",
            round,
            {{"title", created.title},
             {"kind", std::string(to_string(created.kind.value_or(RoundKind::plenary)))},
             {"phase", std::string(to_string(created.phase))},
             {"invited", invited}}};
  }
  Summary operator()(const ThreadCreated& created) const {
    // A preparation thread's title is its side's own text: the log's readers (the secretariat
    // and every admin) may not see that side's preparation, so only the thread is named.
    if (stream != StreamKind::main) return {"thread", created.thread, {}};
    return {"thread", created.thread, {{"title", created.title}}};
  }
  Summary operator()(const PostCreated& created) const {
    Summary summary{"post", created.post, {{"thread_id", std::to_string(created.thread)}}};
    if (created.reply_to)
      summary.details.push_back({"reply_to", std::to_string(*created.reply_to)});
    return summary;
  }
  Summary operator()(const PhaseChanged& changed) const {
    Summary summary{"round",
                    round,
                    {{"previous", std::string(to_string(changed.previous))},
                     {"phase", std::string(to_string(changed.phase))}}};
    if (changed.automatic) summary.details.push_back({"automatic", "true"});
    return summary;
  }
  Summary operator()(const ScheduleChanged& changed) const {
    return {"round",
            round,
            {{"opens_at", time_or_none(changed.opens_at)},
             {"closes_at", time_or_none(changed.closes_at)}}};
  }
  Summary operator()(const OrganisationInvited& invited) const {
    return {"organisation", invited.organisation.id, {{"organisation", invited.organisation.name}}};
  }
  Summary operator()(const InvitationWithdrawn& withdrawn) const {
    return {
        "organisation", withdrawn.organisation.id, {{"organisation", withdrawn.organisation.name}}};
  }
  Summary operator()(const AgendaItemProposed& proposed) const {
    return {"thread", proposed.thread, {{"title", proposed.title}}};
  }
  Summary operator()(const AgendaItemDecided& decided) const {
    return {"thread", decided.thread, {{"decision", decided.accepted ? "accepted" : "declined"}}};
  }
  Summary operator()(const ThreadMoved& moved) const {
    // No thread to go before: the end of the agenda.
    return {
        "thread", moved.thread, {{"before", moved.before ? std::to_string(*moved.before) : ""}}};
  }
  Summary operator()(const ThreadLocked& locked) const {
    return {"thread", locked.thread, {{"locked", locked.locked ? "true" : "false"}}};
  }
  Summary operator()(const PostPinned& pinned) const {
    // No post: the thread's pin was removed.
    return {
        "thread", pinned.thread, {{"post_id", pinned.post ? std::to_string(*pinned.post) : ""}}};
  }
  Summary operator()(const ProposalRevised& revised) const {
    return {"round", round, {{"version", std::to_string(revised.version)}}};
  }
  Summary operator()(const PostEdited& edited) const {
    return {"post",
            edited.post,
            {{"thread_id", std::to_string(edited.thread)},
             {"version", std::to_string(edited.version)}}};
  }
  // A moderator's reason is part of what they did, so the log keeps it; the post's text stays
  // in its events, which the record names.
  Summary operator()(const PostHidden& hidden) const {
    return {"post",
            hidden.post,
            {{"thread_id", std::to_string(hidden.thread)}, {"reason", hidden.reason}}};
  }
  Summary operator()(const PostUnhidden& unhidden) const {
    return {"post", unhidden.post, {{"thread_id", std::to_string(unhidden.thread)}}};
  }
  Summary operator()(const PostReported& reported) const {
    return {"post",
            reported.post,
            {{"report_id", std::to_string(reported.report)}, {"reason", reported.reason}}};
  }
  Summary operator()(const ReportsResolved& resolved) const {
    std::string reports;
    for (const auto id : resolved.reports) {
      if (!reports.empty()) reports += ", ";
      reports += std::to_string(id);
    }
    return {"report",
            resolved.reports.empty() ? std::nullopt : std::optional(resolved.reports.front()),
            {{"outcome", std::string(to_string(resolved.outcome))},
             {"reports", reports},
             {"note", resolved.note}}};
  }
  Summary operator()(const ReminderSent& sent) const {
    // The message stays in the event; the log says whether there was one.
    return {"organisation",
            sent.organisation.id,
            {{"organisation", sent.organisation.name},
             {"message", sent.message.empty() ? "false" : "true"}}};
  }
  // The motivation stays in the event, which the record names.
  Summary operator()(const PositionStated& stated) const {
    return {"organisation",
            stated.organisation.id,
            {{"organisation", stated.organisation.name},
             {"version", std::to_string(stated.version)},
             {"stance", std::string(to_string(stated.stance))}}};
  }
  // The outcome's texts stay in the event; the log counts what it holds and marks a correction
  // of a decided round (which gave the round a new record).
  Summary operator()(const OutcomeWritten& written) const {
    Summary summary{"round",
                    round,
                    {{"version", std::to_string(written.version)},
                     {"agreed", std::to_string(written.agreed.size())},
                     {"responses", std::to_string(written.responses.size())}}};
    if (written.correction) summary.details.push_back({"correction", "true"});
    return summary;
  }
  // The minutes' texts stay in the event; the log names the agenda item and counts the posts.
  Summary operator()(const MinutesWritten& written) const {
    return {"thread",
            written.thread,
            {{"version", std::to_string(written.version)},
             {"posts", std::to_string(written.posts.size())}}};
  }
  Summary operator()(const DissentAttached& attached) const {
    return {
        "organisation", attached.organisation.id, {{"organisation", attached.organisation.name}}};
  }
  // The joint document's text stays in the event; the log says which version and how long.
  Summary operator()(const JointDocumentWritten& written) const {
    return {"round",
            round,
            {{"version", std::to_string(written.version)},
             {"bytes", std::to_string(written.text.size())}}};
  }
  Summary operator()(const JointDocumentApproved& approved) const {
    return {"round",
            round,
            {{"version", std::to_string(approved.version)},
             {"side", std::string(to_string(approved.side))}}};
  }
  template <class Other>
  Summary operator()(const Other&) const {
    return {};
  }
};

}  // namespace

std::string_view to_string(Source source) noexcept {
  return source_names.at(static_cast<std::size_t>(source));
}

std::optional<Source> source_from(std::string_view text) noexcept {
  for (std::size_t i = 0; i < source_names.size(); ++i) {
    if (source_names[i] == text) return static_cast<Source>(i);
  }
  return std::nullopt;
}

AuditRecord audit_of(const Person& actor, const Command& command, const std::vector<Event>& events,
                     Timestamp at, const Origin& origin) {
  AuditRecord record{.at = at,
                     .action = std::string(name_of(command)),
                     .actor = actor.id,
                     .origin = origin,
                     .round = std::nullopt,
                     .target_kind = {},
                     .target_id = std::nullopt,
                     .details = {}};
  if (events.empty()) return record;
  const auto& first = events.front();
  record.round = first.stream.round;
  auto summary = std::visit(Summarise{first.stream.round, first.stream.kind}, first.data);
  record.target_kind = std::move(summary.target_kind);
  record.target_id = summary.target_id;
  record.details = std::move(summary.details);
  // A preparation thread or post: which side's preparation (only that side sees it).
  if (first.stream.kind != StreamKind::main) {
    record.details.push_back({"stream", std::string(to_string(first.stream.kind))});
  }
  // Where the events are kept: the full text of posts and proposals is there. A command's
  // events are consecutive in each stream, so a range per stream names them all.
  std::string places;
  for (std::size_t i = 0; i < events.size();) {
    std::size_t end = i + 1;
    while (end < events.size() && events[end].stream == events[i].stream) ++end;
    if (!places.empty()) places += ", ";
    places += std::string(to_string(events[i].stream.kind)) + " " + std::to_string(events[i].seq);
    if (end - i > 1) places += "-" + std::to_string(events[end - 1].seq);
    i = end;
  }
  record.details.push_back({"events", places});
  return record;
}

}  // namespace samrad::domain
