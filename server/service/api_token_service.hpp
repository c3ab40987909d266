// Read-only API tokens for exports (issue 8), and the one way an export request is
// authenticated. Observers and admins create, list and revoke their tokens through their login
// session; an admin sees and revokes everyone's. An export endpoint calls authenticate_export
// with what the request carried (a bearer token or a session cookie) and then applies the
// caller's permissions exactly as for their session (domain::can_view_round), recording what it
// exported with record_export. A token is shown once, stored only as a hash, works only on export
// endpoints and changes nothing. Callbacks run on service threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/api_tokens.hpp"
#include "domain/audit.hpp"
#include "domain/export_query.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "service/caller.hpp"
#include "service/consultation_service.hpp"
#include "store/store.hpp"

namespace samrad::service {

// A new token: its record and the token itself, which is never available again.
struct CreatedApiToken {
  domain::ApiTokenRecord record;
  std::string token;
};

// What an export request carried, as the network layer read it.
struct ExportCredentials {
  // The token of an "Authorization: Bearer" header. When present the cookie is not looked at.
  std::optional<std::string> bearer_token;
  std::string session_token;  // the session cookie's value, or empty
  std::string path;           // the request's target, for the audit log
  domain::Origin origin;
};

// Who an export request is for, and how it was authenticated: a token (id and name) or a login
// session (its token's hash).
struct ExportCaller {
  domain::Person person;
  std::optional<domain::ApiTokenId> token;
  std::string token_name;
  std::optional<std::string> session_hash;
  domain::Origin origin;
  std::string path;
};

class ApiTokenService {
 public:
  ApiTokenService(store::Store& store, ConsultationService& service,
                  domain::ApiTokenLimits limits = {});

  // Observers and admins, through their login session.
  void create(Caller caller, domain::CreateApiToken command, Callback<CreatedApiToken> done);
  // The caller's own tokens; an admin's list holds everyone's.
  void list(Caller caller, Callback<std::vector<domain::ApiTokenListing>> done);
  // The owner or an admin; a token already revoked is invalid_state.
  void revoke(Caller caller, domain::ApiTokenId token, Callback<domain::ApiTokenRecord> done);

  // THE way an export endpoint learns who asks. With a bearer token: the token must be well
  // formed, known, live, for exports, and its owner and their organisation active and still an
  // observer or admin; the use is then noted (last_used_at) and recorded (export_token_used) in
  // the same transaction, so a use answered after a revoke's answer is always refused. Without
  // one: the login session of the cookie. Every refusal is unauthenticated.
  void authenticate_export(ExportCredentials credentials, Callback<ExportCaller> done);

  // Records an export in the audit log (action "export": who, how, the path, and details such
  // as the rounds it named); done once the record is durable.
  void record_export(const ExportCaller& caller, std::vector<domain::AuditDetail> details,
                     Callback<domain::Ok> done);

  // The rounds the caller may see (domain::can_view_round) that match the query, newest first,
  // recorded as an export.
  void export_rounds(ExportCaller caller, domain::RoundExportQuery query,
                     Callback<std::vector<domain::RoundSummary>> done);

  const domain::ApiTokenLimits& limits() const { return limits_; }

 private:
  store::Store& store_;
  ConsultationService& service_;
  domain::ApiTokenLimits limits_;
};

}  // namespace samrad::service
