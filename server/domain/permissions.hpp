// Authorisation: the single place that says who may see and do what. Every read and write path
// (subscribe, replay, list, post, export ...) calls these.
#pragma once

#include <optional>

#include "domain/types.hpp"

namespace samrad::domain {

// Admin and secretariat see every round; everyone else sees the rounds their organisation is
// invited to, drafts included: the invited are consulted on a draft's agenda before it opens
// (they may propose items in it, but post nothing until it is open).
bool can_view_round(const Person& person, const RoundAccess& round) noexcept;

// A stream's audience: the main stream is everyone who may see the round; a preparation stream
// only those of them whose organisation is on that side (not a neutral organisation such as the
// secretariat's, not the other side); the moderation stream only the secretariat and admins.
bool can_view_stream(const Person& person, const RoundAccess& round, StreamKind stream) noexcept;

// Viewing plus: not an observer, and the round is open.
bool can_post_in_round(const Person& person, const RoundAccess& round) noexcept;

// The secretariat (and admins) set the agenda: threads in draft or open rounds.
bool can_create_thread(const Person& person, const RoundAccess& round) noexcept;

bool can_create_round(const Person& person) noexcept;

// The secretariat (and admins) run a round's life cycle: phase, schedule, invitations.
bool can_manage_round(const Person& person) noexcept;

// The secretariat (and admins) moderate: they hide and unhide posts of a round's main stream,
// work its reports, and read a hidden post's text, as its author may too.
bool can_moderate(const Person& person) noexcept;

// A hidden post's text (and its earlier versions) is for the secretariat and its author alone.
bool can_read_hidden_text(const Person& person, PersonId author) noexcept;

// An invited organisation's representatives state its position on the round's proposal.
bool can_state_position(const Person& person, const RoundAccess& round) noexcept;

// The joint document is written by the secretariat and by the representatives of invited
// organisations, of either side.
bool can_write_joint_document(const Person& person, const RoundAccess& round) noexcept;

// The side for which the person approves the joint document: the state side for the secretariat
// and for representatives of invited state organisations, the municipal side for representatives
// of invited municipalities, regions and associations; nothing for anyone else.
std::optional<Side> approving_side(const Person& person, const RoundAccess& round) noexcept;

// Who has answered in a round, and the reminders sent: for those who run rounds.
bool can_follow_participation(const Person& person) noexcept;

}  // namespace samrad::domain
