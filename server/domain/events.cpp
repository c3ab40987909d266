// Event kind names: stored with every event and sent on the wire, so never renamed.
#include "domain/events.hpp"

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
    std::string_view operator()(const ReminderSent&) const { return "reminder_sent"; }
  };
  return std::visit(Kind{}, data);
}

}  // namespace samrad::domain
