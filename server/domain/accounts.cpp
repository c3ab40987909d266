// Account rules (see accounts.hpp).
#include "domain/accounts.hpp"

#include <algorithm>
#include <string>

#include "domain/text.hpp"

namespace samrad::domain {

namespace {

Status check_manager(const Manager& manager) {
  if (manager.person && !can_manage_accounts(*manager.person)) {
    return make_error(ErrorCode::forbidden, "Only an admin manages organisations and people");
  }
  return Ok{};
}

Status check_name(std::string_view name, std::string_view what) {
  if (name.size() > max_name_bytes) {
    return make_error(ErrorCode::too_large, std::string(what) + " is longer than " +
                                                std::to_string(max_name_bytes) + " bytes");
  }
  if (is_blank(name)) {
    return make_error(ErrorCode::bad_request, std::string(what) + " must not be blank");
  }
  return Ok{};
}

bool is_self(const Manager& manager, PersonId person) {
  return manager.person && manager.person->id == person;
}

// Admins who could still manage accounts if the ones that `leaves` picks were gone.
std::size_t admins_left(const std::vector<AdminSeat>& seats, auto leaves) {
  return static_cast<std::size_t>(
      std::count_if(seats.begin(), seats.end(), [&](const AdminSeat& s) { return !leaves(s); }));
}

// True when the person is an active admin and nobody else is.
bool last_admin(const PersonFacts& facts, PersonId person) {
  const auto& seats = facts.active_admins;
  const bool is_admin = std::any_of(seats.begin(), seats.end(),
                                    [&](const AdminSeat& s) { return s.person == person; });
  return is_admin &&
         admins_left(seats, [&](const AdminSeat& s) { return s.person == person; }) == 0;
}

Status check_person_exists(const PersonFacts& facts) {
  if (!facts.person) return make_error(ErrorCode::not_found, "No such person");
  return Ok{};
}

}  // namespace

bool can_manage_accounts(const Person& person) noexcept {
  return person.role == Role::admin;
}

bool can_read_audit_log(const Person& person) noexcept {
  return person.role == Role::admin || person.role == Role::secretariat;
}

bool can_log_in(const PersonRecord& person) noexcept {
  return person.active && person.organisation_active && person.has_password;
}

Status decide(const Manager& manager, const CreateOrganisation& cmd,
              const CreateOrganisationFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (auto status = check_name(cmd.name, "The organisation's name"); !status) return status;
  if (facts.name_taken) {
    return make_error(ErrorCode::conflict, "An organisation with this name already exists");
  }
  return Ok{};
}

Status decide(const Manager& manager, const SetOrganisationActive& cmd,
              const OrganisationFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (!facts.organisation) return make_error(ErrorCode::not_found, "No such organisation");
  if (facts.organisation->active == cmd.active) {
    return make_error(ErrorCode::conflict, cmd.active ? "The organisation is already active"
                                                      : "The organisation is already deactivated");
  }
  if (!cmd.active) {
    if (manager.person && manager.person->organisation.id == cmd.organisation) {
      return make_error(ErrorCode::invalid_state,
                        "You cannot deactivate your own organisation; another admin can");
    }
    const auto left = admins_left(facts.active_admins, [&](const AdminSeat& s) {
      return s.organisation == cmd.organisation;
    });
    if (left == 0 && !facts.active_admins.empty()) {
      return make_error(ErrorCode::invalid_state,
                        "The organisation has the last active admin; appoint another admin first");
    }
  }
  return Ok{};
}

Status decide(const Manager& manager, const CreatePerson& cmd, const CreatePersonFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (auto status = check_name(cmd.name, "The name"); !status) return status;
  if (cmd.email.size() > max_email_bytes) {
    return make_error(ErrorCode::too_large, "The email address is longer than " +
                                                std::to_string(max_email_bytes) + " bytes");
  }
  if (!is_plausible_email(cmd.email)) {
    return make_error(ErrorCode::bad_request, "The email address is not valid");
  }
  if (!facts.organisation) {
    return make_error(ErrorCode::not_found,
                      "No such organisation: " + std::to_string(cmd.organisation));
  }
  if (!facts.organisation->active) {
    return make_error(ErrorCode::invalid_state, "The organisation is deactivated");
  }
  if (facts.email_taken) {
    return make_error(ErrorCode::conflict, "A person with this email address already exists");
  }
  return Ok{};
}

Status decide(const Manager& manager, const SetPersonActive& cmd, const PersonFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (auto status = check_person_exists(facts); !status) return status;
  if (facts.person->active == cmd.active) {
    return make_error(ErrorCode::conflict, cmd.active ? "The person is already active"
                                                      : "The person is already deactivated");
  }
  if (!cmd.active) {
    if (is_self(manager, cmd.person)) {
      return make_error(ErrorCode::invalid_state,
                        "You cannot deactivate yourself; another admin can");
    }
    if (last_admin(facts, cmd.person)) {
      return make_error(ErrorCode::invalid_state,
                        "This is the last active admin; appoint another admin first");
    }
  }
  return Ok{};
}

Status decide(const Manager& manager, const ChangeRole& cmd, const PersonFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (auto status = check_person_exists(facts); !status) return status;
  if (facts.person->person.role == cmd.role) {
    return make_error(ErrorCode::conflict, "The person already has this role");
  }
  if (facts.person->person.role == Role::admin) {
    if (is_self(manager, cmd.person)) {
      return make_error(ErrorCode::invalid_state,
                        "You cannot take away your own admin role; another admin can");
    }
    if (last_admin(facts, cmd.person)) {
      return make_error(ErrorCode::invalid_state,
                        "This is the last active admin; appoint another admin first");
    }
  }
  return Ok{};
}

Status decide(const Manager& manager, const IssueInvitation&, const PersonFacts& facts) {
  if (auto status = check_manager(manager); !status) return status;
  if (auto status = check_person_exists(facts); !status) return status;
  if (!facts.person->active) {
    return make_error(ErrorCode::invalid_state, "The person is deactivated; activate them first");
  }
  if (!facts.person->organisation_active) {
    return make_error(ErrorCode::invalid_state, "The person's organisation is deactivated");
  }
  return Ok{};
}

Status check_invitation(const std::optional<InvitationRecord>& invitation,
                        const std::optional<PersonRecord>& person, Timestamp now) {
  if (!invitation || !person || invitation->person != person->person.id) {
    return make_error(ErrorCode::not_found, "This invitation link is not valid");
  }
  if (invitation->used_at) {
    return make_error(ErrorCode::invitation_used, "This invitation link has already been used");
  }
  if (invitation->revoked) {
    return make_error(ErrorCode::invitation_expired,
                      "This invitation link has been replaced by a newer one");
  }
  if (invitation->expires_at <= now) {
    return make_error(ErrorCode::invitation_expired, "This invitation link has expired");
  }
  if (!person->active || !person->organisation_active) {
    return make_error(ErrorCode::invitation_expired, "This account has been deactivated");
  }
  return Ok{};
}

Status check_new_password(std::string_view password) {
  if (password.size() > max_password_bytes) {
    return make_error(ErrorCode::too_large, "The password is longer than " +
                                                std::to_string(max_password_bytes) + " bytes");
  }
  // UTF-8: every byte that does not continue a character starts one.
  const auto characters = static_cast<std::size_t>(
      std::count_if(password.begin(), password.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  if (characters < min_password_characters || is_blank(password)) {
    return make_error(ErrorCode::bad_request, "The password must have at least " +
                                                  std::to_string(min_password_characters) +
                                                  " characters");
  }
  return Ok{};
}

bool is_plausible_email(std::string_view email) noexcept {
  if (email.size() < 3 || email.size() > max_email_bytes) return false;
  for (const char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const auto domain_part = email.substr(at + 1);
  const auto dot = domain_part.find('.');
  return !domain_part.empty() && dot != std::string_view::npos && dot != 0 &&
         domain_part.back() != '.';
}

Status decide_end_session(const Person& actor, const std::optional<SessionRecord>& session) {
  if (!session || session->person != actor.id) {
    return make_error(ErrorCode::not_found, "No such session");
  }
  return Ok{};
}

}  // namespace samrad::domain
