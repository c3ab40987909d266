// The API token service (see api_token_service.hpp).
#include "service/api_token_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "auth/tokens.hpp"
#include "domain/permissions.hpp"
#include "service/work_units.hpp"

namespace samrad::service {

namespace {

using domain::ErrorCode;
using domain::make_error;
namespace action = domain::audit_action;

domain::Error session_ended() {
  return make_error(ErrorCode::unauthenticated, "Your session has ended; log in again");
}

// The person behind the caller's login session as they are now, read in the transaction, so a
// session ended or a role changed a moment ago counts.
domain::Result<domain::Person> session_person(store::WriteTransaction& tx, const Caller& caller,
                                              domain::Timestamp now) {
  if (!caller.session_hash) return caller.person;  // the server's own trusted work
  if (!tx.session_is_live(*caller.session_hash, now)) return session_ended();
  const auto session = tx.accounts().session_by_token(*caller.session_hash);
  const auto person = session ? tx.accounts().person(session->session.person) : std::nullopt;
  if (!person) return session_ended();
  return person->person;
}

domain::AuditRecord token_record(std::string_view name, domain::PersonId actor,
                                 const domain::Origin& origin, domain::Timestamp now,
                                 const domain::ApiTokenRecord& token) {
  return domain::AuditRecord{.at = now,
                             .action = std::string(name),
                             .actor = actor,
                             .origin = origin,
                             .round = std::nullopt,
                             .target_kind = "api_token",
                             .target_id = token.id,
                             .details = {{"token", token.name}}};
}

// What checking a presented token came to. A refused token that exists is recorded too, so a
// refusal is a status here and not a rolled-back unit.
struct TokenUse {
  domain::Status status = domain::Ok{};
  std::optional<ExportCaller> caller;
};

}  // namespace

ApiTokenService::ApiTokenService(store::Store& store, ConsultationService& service,
                                 domain::ApiTokenLimits limits)
    : store_(store), service_(service), limits_(limits) {}

void ApiTokenService::create(Caller caller, domain::CreateApiToken command,
                             Callback<CreatedApiToken> done) {
  const auto now = service_.now();
  auto token = auth::new_export_token();
  auto hash = auth::token_hash(token);
  const auto by = caller.person.id;
  run_write<CreatedApiToken>(
      service_,
      [by, done = std::move(done)](Result<CreatedApiToken> result) mutable {
        // Logged once durable; the token itself is never logged.
        if (result)
          spdlog::info("audit: api_token_created token={} by person={}", result->record.id, by);
        done(std::move(result));
      },
      [this, caller = std::move(caller), command = std::move(command), token = std::move(token),
       hash = std::move(hash), now](store::WriteTransaction& tx) -> Result<CreatedApiToken> {
        auto person = session_person(tx, caller, now);
        if (!person) return person.error();
        auto& accounts = tx.accounts();
        const auto expires_at = domain::decide_create_token(
            *person, command, accounts.live_api_tokens_of(person->id, now), limits_, now);
        if (!expires_at) return expires_at.error();
        const store::NewApiToken fresh{.token_hash = hash,
                                       .person = person->id,
                                       .name = command.name,
                                       .scope = domain::TokenScope::export_,
                                       .created_at = now,
                                       .expires_at = *expires_at};
        const auto id = accounts.insert_api_token(fresh);
        const auto record = accounts.api_token(id);
        if (!record) throw std::logic_error("an API token just inserted is not there");
        auto audit =
            token_record(action::api_token_created, person->id, caller.origin, now, *record);
        audit.details.push_back({"scope", std::string(domain::to_string(record->scope))});
        audit.details.push_back({"expires_at", domain::format_timestamp(record->expires_at)});
        tx.record(audit);
        return CreatedApiToken{*record, token};
      });
}

void ApiTokenService::list(Caller caller, Callback<std::vector<domain::ApiTokenListing>> done) {
  run_read(service_, std::move(done),
           [this, caller = std::move(caller)]() -> Result<std::vector<domain::ApiTokenListing>> {
             auto session = service_.current_session(caller);
             if (!session) return session.error();
             const auto& person = session->person;
             if (!domain::can_hold_api_tokens(person)) {
               return make_error(ErrorCode::forbidden, "Only observers and admins hold API tokens");
             }
             return store_.list_api_tokens(
                 person.role == domain::Role::admin ? std::nullopt : std::optional(person.id));
           });
}

void ApiTokenService::revoke(Caller caller, domain::ApiTokenId token,
                             Callback<domain::ApiTokenRecord> done) {
  const auto now = service_.now();
  const auto by = caller.person.id;
  run_write<domain::ApiTokenRecord>(
      service_,
      [by, done = std::move(done)](Result<domain::ApiTokenRecord> result) mutable {
        if (result) spdlog::info("audit: api_token_revoked token={} by person={}", result->id, by);
        done(std::move(result));
      },
      [caller = std::move(caller), token,
       now](store::WriteTransaction& tx) -> Result<domain::ApiTokenRecord> {
        auto person = session_person(tx, caller, now);
        if (!person) return person.error();
        auto& accounts = tx.accounts();
        const auto found = accounts.api_token(token);
        if (auto status = domain::decide_revoke_token(*person, found); !status) {
          return status.error();
        }
        accounts.revoke_api_token(token, person->id, now);
        const auto revoked = accounts.api_token(token);
        if (!revoked) throw std::logic_error("an API token just revoked is not there");
        auto audit =
            token_record(action::api_token_revoked, person->id, caller.origin, now, *revoked);
        if (const auto owner = accounts.person(revoked->person)) {
          audit.details.push_back({"owner", owner->person.name});
          audit.details.push_back({"email", owner->person.email});
        }
        tx.record(audit);
        return *revoked;
      });
}

void ApiTokenService::authenticate_export(ExportCredentials credentials,
                                          Callback<ExportCaller> done) {
  if (!credentials.bearer_token) {
    // A login session: the person's permissions as for everything else they do in the browser.
    return run_read(service_, std::move(done),
                    [this, credentials = std::move(credentials)]() mutable -> Result<ExportCaller> {
                      if (!auth::is_well_formed_token(credentials.session_token)) {
                        return make_error(
                            ErrorCode::unauthenticated,
                            "Log in, or send an API token as \"Authorization: Bearer <token>\"");
                      }
                      Caller caller{.person = {},
                                    .session_hash = auth::token_hash(credentials.session_token),
                                    .origin = credentials.origin};
                      auto session = service_.current_session(caller);
                      if (!session) return session.error();
                      return ExportCaller{.person = session->person,
                                          .token = std::nullopt,
                                          .token_name = {},
                                          .session_hash = std::move(caller.session_hash),
                                          .origin = std::move(credentials.origin),
                                          .path = std::move(credentials.path)};
                    });
  }
  const auto& token = *credentials.bearer_token;
  if (!auth::is_well_formed_export_token(token)) {
    spdlog::info("export: refused a malformed API token from {}", credentials.origin.address);
    return done(make_error(ErrorCode::unauthenticated, "Unknown API token"));
  }
  auto hash = auth::token_hash(token);
  const auto now = service_.now();
  run_write<TokenUse>(
      service_,
      [done = std::move(done)](Result<TokenUse> result) mutable {
        if (!result) return done(result.error());
        if (!result->status) return done(result->status.error());
        done(std::move(*result->caller));
      },
      [hash = std::move(hash), credentials = std::move(credentials),
       now](store::WriteTransaction& tx) -> Result<TokenUse> {
        auto& accounts = tx.accounts();
        auto match = accounts.api_token_by_hash(hash);
        // The lookup is by hash already; comparing again in constant time costs nothing and
        // keeps the decision independent of how the database compares text.
        if (match && !auth::same_hash(match->token_hash, hash)) match.reset();
        const auto token = match ? std::optional(match->token) : std::nullopt;
        const auto owner = token ? accounts.person(token->person) : std::nullopt;
        auto status = domain::check_token_use(token, owner, domain::TokenScope::export_, now);
        if (!status) {
          if (token) {
            auto audit = token_record(action::export_token_refused, token->person,
                                      credentials.origin, now, *token);
            audit.details.push_back({"path", credentials.path});
            audit.details.push_back({"reason", status.error().message});
            tx.record(audit);
          }
          spdlog::info("export: refused API token {} from {}: {}",
                       token ? std::to_string(token->id) : std::string("(unknown)"),
                       credentials.origin.address, status.error().message);
          return TokenUse{std::move(status), std::nullopt};
        }
        accounts.note_api_token_use(token->id, now);
        auto audit =
            token_record(action::export_token_used, token->person, credentials.origin, now, *token);
        audit.details.push_back({"path", credentials.path});
        tx.record(audit);
        return TokenUse{domain::Ok{}, ExportCaller{.person = owner->person,
                                                   .token = token->id,
                                                   .token_name = token->name,
                                                   .session_hash = std::nullopt,
                                                   .origin = credentials.origin,
                                                   .path = credentials.path}};
      });
}

void ApiTokenService::record_export(const ExportCaller& caller,
                                    std::vector<domain::AuditDetail> details,
                                    Callback<domain::Ok> done) {
  domain::AuditRecord audit{.at = service_.now(),
                            .action = std::string(action::export_),
                            .actor = caller.person.id,
                            .origin = caller.origin,
                            .round = std::nullopt,
                            .target_kind = caller.token ? "api_token" : "",
                            .target_id = caller.token,
                            .details = {{"path", caller.path}}};
  audit.details.push_back({"via", caller.token ? "api_token" : "session"});
  if (caller.token) audit.details.push_back({"token", caller.token_name});
  for (auto& detail : details) audit.details.push_back(std::move(detail));
  run_write<domain::Ok>(
      service_, std::move(done),
      [audit = std::move(audit)](store::WriteTransaction& tx) -> Result<domain::Ok> {
        tx.record(audit);
        return domain::Ok{};
      });
}

void ApiTokenService::export_rounds(ExportCaller caller, domain::RoundExportQuery query,
                                    Callback<std::vector<domain::RoundSummary>> done) {
  run_read<std::vector<domain::RoundSummary>>(
      service_,
      [this, caller,
       done = std::move(done)](Result<std::vector<domain::RoundSummary>> rounds) mutable {
        if (!rounds) return done(std::move(rounds));
        std::string ids;
        for (const auto& round : *rounds) {
          if (!ids.empty()) ids += ",";
          ids += std::to_string(round.id);
        }
        record_export(caller, {{"rounds", ids}},
                      [rounds = std::move(*rounds),
                       done = std::move(done)](Result<domain::Ok> recorded) mutable {
                        if (!recorded) return done(recorded.error());
                        done(std::move(rounds));
                      });
      },
      [this, caller, query = std::move(query)]() -> Result<std::vector<domain::RoundSummary>> {
        auto listings = store_.list_rounds();
        if (!listings) return listings.error();
        std::vector<domain::RoundSummary> rounds;
        for (auto& listing : *listings) {
          // Authorised per round, exactly as for the caller's session.
          if (domain::can_view_round(caller.person, listing.access) &&
              domain::matches(query, listing.summary)) {
            rounds.push_back(std::move(listing.summary));
          }
        }
        return rounds;
      });
}

}  // namespace samrad::service
