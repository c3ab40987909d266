// The account service (see account_service.hpp).
#include "service/account_service.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <utility>

#include "auth/password.hpp"
#include "auth/tokens.hpp"
#include "service/work_units.hpp"

namespace samrad::service {

namespace {

using domain::ErrorCode;
using domain::make_error;

domain::Error refused_link() {
  return make_error(ErrorCode::not_found, "This invitation link is not valid");
}

}  // namespace

AccountService::AccountService(store::Store& store, ConsultationService& service,
                               AccountOptions options)
    : store_(store), service_(service), options_(options) {}

template <class T, class Body>
void AccountService::read(Callback<T> done, Body body) {
  run_read(service_, std::move(done), std::move(body));
}

void AccountService::list_people(Caller caller, Callback<std::vector<store::PersonListing>> done) {
  read(std::move(done),
       [this, caller = std::move(caller)]() -> Result<std::vector<store::PersonListing>> {
         auto session = service_.current_session(caller);
         if (!session) return session.error();
         if (!domain::can_manage_accounts(session->person)) {
           return make_error(ErrorCode::forbidden, "Only an admin manages people");
         }
         return store_.list_people(service_.now());
       });
}

void AccountService::list_organisations(Caller caller,
                                        Callback<std::vector<store::OrganisationListing>> done) {
  read(std::move(done),
       [this, caller = std::move(caller)]() -> Result<std::vector<store::OrganisationListing>> {
         auto session = service_.current_session(caller);
         if (!session) return session.error();
         if (!domain::can_manage_accounts(session->person)) {
           return make_error(ErrorCode::forbidden, "Only an admin manages organisations");
         }
         return store_.list_organisation_records();
       });
}

void AccountService::manage(Caller caller, AccountCommand command, Callback<AccountOutcome> done) {
  const auto name = name_of(command);
  AccountActor actor{.session_hash = caller.session_hash,
                     .origin = caller.origin,
                     .now = service_.now(),
                     .invitation_lifetime_ms = options_.invitation_lifetime_ms};
  run_write<AccountOutcome>(
      service_,
      [name, person = caller.person.id, done = std::move(done)](Result<AccountOutcome> result) {
        if (result) {
          spdlog::info("audit: {} by person={}", name, person);
        } else {
          spdlog::info("audit: {} refused person={} code={}", name, person,
                       domain::to_string(result.error().code));
        }
        done(std::move(result));
      },
      [actor = std::move(actor), command = std::move(command)](store::WriteTransaction& tx) {
        return carry_out_account(tx, actor, command);
      });
}

void AccountService::sessions(Caller caller, Callback<OwnSessions> done) {
  read(std::move(done), [this, caller = std::move(caller)]() -> Result<OwnSessions> {
    auto session = service_.current_session(caller);
    if (!session) return session.error();
    auto sessions = store_.sessions_of(session->person.id, service_.now());
    if (!sessions) return sessions.error();
    return OwnSessions{std::move(*sessions), session->id};
  });
}

void AccountService::end_session(Caller caller, domain::SessionId session,
                                 Callback<store::EndedSession> done) {
  const auto now = service_.now();
  run_write<store::EndedSession>(
      service_, std::move(done),
      [caller = std::move(caller), session, now](store::WriteTransaction& tx) {
        return end_own_session(tx, caller, session, now);
      });
}

void AccountService::check_invitation(std::string token, Callback<domain::PersonRecord> done) {
  if (!auth::is_well_formed_token(token)) return done(refused_link());
  read(std::move(done), [this, token = std::move(token)]() -> Result<domain::PersonRecord> {
    auto found = store_.find_invitation(auth::token_hash(token));
    if (!found) return found.error();
    const auto& lookup = *found;
    auto status = domain::check_invitation(
        lookup ? std::optional(lookup->invitation) : std::nullopt,
        lookup ? std::optional(lookup->person) : std::nullopt, service_.now());
    if (!status) return status.error();
    return lookup->person;
  });
}

void AccountService::accept_invitation(std::string token, std::string password, ClientInfo client,
                                       Callback<LoginSuccess> done) {
  if (!auth::is_well_formed_token(token)) return done(refused_link());
  if (auto status = domain::check_new_password(password); !status) return done(status.error());
  // argon2id is slow on purpose: hashed on the read pool, then written through the group commit.
  service_.post_read([this, token = std::move(token), password = std::move(password),
                      client = std::move(client), done = std::move(done)]() mutable {
    try {
      const auto at = service_.now();
      const auto& options = service_.options();
      auto session_token = auth::new_session_token();
      InvitationAcceptance acceptance{
          .token_hash = auth::token_hash(token),
          .password_hash = auth::hash_password(password),
          .session = {.token_hash = auth::token_hash(session_token),
                      .person = 0,
                      .created_at = at,
                      .expires_at =
                          at + std::min(options.session_idle_ms, options.session_lifetime_ms),
                      .absolute_expires_at = at + options.session_lifetime_ms,
                      .user_agent = std::move(client.user_agent),
                      .address = client.address},
          .origin = {domain::Source::web, client.address},
          .now = at};
      run_write<InvitationOutcome>(
          service_,
          [session_token = std::move(session_token),
           done = std::move(done)](Result<InvitationOutcome> result) mutable {
            if (!result) return done(result.error());
            if (!result->status) return done(result->status.error());
            spdlog::info("audit: invitation used by person={}", result->accepted->person.id);
            done(LoginSuccess{result->accepted->person, std::move(session_token)});
          },
          [acceptance = std::move(acceptance)](store::WriteTransaction& tx)
              -> Result<InvitationOutcome> { return service::accept_invitation(tx, acceptance); });
    } catch (const std::exception& e) {
      spdlog::error("accounts: unexpected exception: {}", e.what());
      done(make_error(ErrorCode::internal, "Internal error; the request was not done"));
    }
  });
}

void AccountService::read_audit(Caller caller, store::AuditQuery query,
                                Callback<std::vector<store::AuditEntry>> done) {
  read(std::move(done),
       [this, caller = std::move(caller),
        query = std::move(query)]() -> Result<std::vector<store::AuditEntry>> {
         auto session = service_.current_session(caller);
         if (!session) return session.error();
         if (!domain::can_read_audit_log(session->person)) {
           return make_error(ErrorCode::forbidden,
                             "Only the secretariat and admins read the audit log");
         }
         return store_.read_audit(query);
       });
}

void AccountService::expire_sessions(Callback<std::size_t> done) {
  service_.post_read([this, done = std::move(done)]() mutable {
    const auto now = service_.now();
    auto any = store_.has_expired_sessions(now);
    if (!any) return done(any.error());
    if (!*any) return done(std::size_t{0});
    run_write<std::size_t>(service_, std::move(done),
                           [now](store::WriteTransaction& tx) -> Result<std::size_t> {
                             return service::expire_sessions(tx, now).size();
                           });
  });
}

}  // namespace samrad::service
