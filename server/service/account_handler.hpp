// Carries out account changes inside a write transaction, the way command_handler carries out
// round commands: reads the facts through the store's AccountTransaction, asks domain/accounts,
// writes the change and its audit record in the same transaction. Used by the running server
// (an admin in the browser, logins, invitation links, session ends) and by `samrad admin` on the
// command line alike. It knows no store: the same code runs on every backend.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/audit.hpp"
#include "domain/result.hpp"
#include "service/caller.hpp"
#include "store/store.hpp"

namespace samrad::service {

using AccountCommand =
    std::variant<domain::CreateOrganisation, domain::SetOrganisationActive, domain::CreatePerson,
                 domain::SetPersonActive, domain::ChangeRole, domain::IssueInvitation>;

// Who changes accounts and how: an admin's login session (checked in the transaction, so a
// session ended meanwhile changes nothing), or none for the operator at the command line.
struct AccountActor {
  std::optional<std::string> session_hash;
  domain::Origin origin;
  domain::Timestamp now = 0;
  domain::Timestamp invitation_lifetime_ms = 7ll * 24 * 3600 * 1000;
};

// What a change did, for the caller to act on once it is committed.
struct AccountOutcome {
  std::optional<domain::OrganisationId> organisation;
  std::optional<domain::PersonId> person;
  // Sessions it ended: their open connections close with 4001.
  std::vector<store::EndedSession> ended_sessions;
  // People whose role changed: their open connections reconnect to take up the new role.
  std::vector<domain::PersonId> changed_people;
  // A new invitation link's token, shown once and stored only as a hash.
  std::optional<std::string> invitation_token;
  std::optional<domain::Timestamp> invitation_expires_at;
};

domain::Result<AccountOutcome> carry_out_account(store::WriteTransaction& tx,
                                                 const AccountActor& actor,
                                                 const AccountCommand& command);

// The stable name of an account command, for logs.
std::string_view name_of(const AccountCommand& command) noexcept;

// --- login sessions ---

struct LoginAttempt {
  std::string email;
  // The person the email belongs to, if any, and whether the password was right and they may
  // log in (the caller checked the password outside the transaction: argon2id is slow).
  std::optional<domain::PersonId> person;
  bool accepted = false;
  std::string refusal;  // why not, for the audit record: "unknown_email", "wrong_password" ...
  store::NewSession session;  // the session to open when accepted (its token hash, times, device)
  domain::Origin origin;
  domain::Timestamp now = 0;
};

// Opens the session of an accepted login (its id), or records a refused one. Both are audited.
std::optional<domain::SessionId> record_login(store::WriteTransaction& tx,
                                              const LoginAttempt& attempt);

// Ends the session with this token hash (logout): what it ended, if it existed.
std::optional<store::EndedSession> log_out(store::WriteTransaction& tx,
                                           const std::string& token_hash,
                                           const domain::Origin& origin, domain::Timestamp now);

// A person ends one of their own sessions (from their list of sessions).
domain::Result<store::EndedSession> end_own_session(store::WriteTransaction& tx,
                                                    const Caller& caller, domain::SessionId session,
                                                    domain::Timestamp now);

// Removes every session that has expired at now, recording each (idle or absolute).
std::vector<store::EndedSession> expire_sessions(store::WriteTransaction& tx,
                                                 domain::Timestamp now);

struct InvitationAcceptance {
  std::string token_hash;
  std::string password_hash;  // argon2id of the chosen password (hashed outside the transaction)
  store::NewSession session;  // the session to open, logged in
  domain::Origin origin;
  domain::Timestamp now = 0;
};

struct AcceptedInvitation {
  domain::Person person;
  domain::SessionId session = 0;
  std::vector<store::EndedSession> ended_sessions;
};

// What using a link did. A refused link is recorded as well, so a refusal is a status here and
// not a rolled-back transaction.
struct InvitationOutcome {
  domain::Status status = domain::Ok{};
  std::optional<AcceptedInvitation> accepted;
};

// Uses an invitation link: sets the password, ends the person's other sessions, opens a new one.
InvitationOutcome accept_invitation(store::WriteTransaction& tx,
                                    const InvitationAcceptance& acceptance);

}  // namespace samrad::service
