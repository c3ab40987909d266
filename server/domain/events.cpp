// Event kind names: stored with every event and sent on the wire, so never renamed.
#include "domain/events.hpp"

#include <algorithm>
#include <array>
#include <concepts>

namespace samrad::domain {

std::string_view kind_of(const EventData& data) noexcept {
  struct Kind {
    std::string_view operator()(const RoundCreated&) const { return "round_created"; }
    std::string_view operator()(const ThreadCreated&) const { return "thread_created"; }
    std::string_view operator()(const PostCreated&) const { return "post_created"; }
    std::string_view operator()(const PhaseChanged&) const { return "phase_changed"; }
    std::string_view operator()(const ScheduleChanged&) const { return "schedule_changed"; }
    std::string_view operator()(const OrganisationInvited&) const { return "organisation_invited"; }
    std::string_view operator()(const InvitationWithdrawn&) const { return "invitation_withdrawn"; }
    std::string_view operator()(const AgendaItemProposed&) const { return "agenda_item_proposed"; }
    std::string_view operator()(const AgendaItemDecided&) const { return "agenda_item_decided"; }
    std::string_view operator()(const ThreadMoved&) const { return "thread_moved"; }
    std::string_view operator()(const ThreadLocked&) const { return "thread_locked"; }
    std::string_view operator()(const PostPinned&) const { return "post_pinned"; }
    std::string_view operator()(const ProposalRevised&) const { return "proposal_revised"; }
    std::string_view operator()(const PostEdited&) const { return "post_edited"; }
    std::string_view operator()(const PostHidden&) const { return "post_hidden"; }
    std::string_view operator()(const PostUnhidden&) const { return "post_unhidden"; }
    std::string_view operator()(const PostReported&) const { return "post_reported"; }
    std::string_view operator()(const ReportsResolved&) const { return "reports_resolved"; }
    std::string_view operator()(const ReminderSent&) const { return "reminder_sent"; }
    std::string_view operator()(const PositionStated&) const { return "position_stated"; }
    std::string_view operator()(const OutcomeWritten&) const { return "outcome_written"; }
    std::string_view operator()(const DissentAttached&) const { return "dissent_attached"; }
    std::string_view operator()(const MinutesWritten&) const { return "minutes_written"; }
    std::string_view operator()(const JointDocumentWritten&) const {
      return "joint_document_written";
    }
    std::string_view operator()(const JointDocumentApproved&) const {
      return "joint_document_approved";
    }
  };
  return std::visit(Kind{}, data);
}

namespace {

constexpr std::array<std::string_view, 2> report_outcome_names = {"hidden", "dismissed"};

template <class Data>
concept CarriesPostText = requires(Data data) {
  { data.post } -> std::convertible_to<PostId>;
  { data.body } -> std::convertible_to<std::string>;
  { data.withheld } -> std::convertible_to<bool>;
};

}  // namespace

std::string_view to_string(ReportOutcome outcome) noexcept {
  return report_outcome_names.at(static_cast<std::size_t>(outcome));
}

std::optional<ReportOutcome> report_outcome_from(std::string_view text) noexcept {
  for (std::size_t i = 0; i < report_outcome_names.size(); ++i) {
    if (report_outcome_names[i] == text) return static_cast<ReportOutcome>(i);
  }
  return std::nullopt;
}

std::optional<PostId> post_text_of(const EventData& data) noexcept {
  return std::visit(
      [](const auto& event) -> std::optional<PostId> {
        if constexpr (CarriesPostText<std::decay_t<decltype(event)>>) return event.post;
        return std::nullopt;
      },
      data);
}

void withhold_hidden_text(std::vector<Event>& events, const std::vector<PostId>& hidden) {
  if (hidden.empty()) return;
  for (auto& event : events) {
    std::visit(
        [&](auto& data) {
          if constexpr (CarriesPostText<std::decay_t<decltype(data)>>) {
            if (std::binary_search(hidden.begin(), hidden.end(), data.post)) {
              data.body.clear();
              data.withheld = true;
            }
          }
        },
        event.data);
  }
}

bool changes_earlier_events(const EventData& data) noexcept {
  return std::holds_alternative<PostHidden>(data) || std::holds_alternative<PostUnhidden>(data);
}

}  // namespace samrad::domain
