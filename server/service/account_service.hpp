// The account side of the application service: admins manage organisations and people, people
// see and end their own login sessions, use a one-time invitation link to set their password,
// and the secretariat and admins read the audit log. Every request is authorised against the
// caller's session as it is now (the person read afresh, so a role changed a moment ago counts);
// every change is carried out by service/account_handler through the same group commit as the
// round commands, with its audit record. Callbacks run on service threads.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/result.hpp"
#include "service/account_handler.hpp"
#include "service/caller.hpp"
#include "service/consultation_service.hpp"
#include "store/store.hpp"

namespace samrad::service {

struct AccountOptions {
  // How long an invitation link works.
  domain::Timestamp invitation_lifetime_ms = 7ll * 24 * 3600 * 1000;
};

// A person's own sessions, and which of them the request came through.
struct OwnSessions {
  std::vector<domain::SessionRecord> sessions;
  domain::SessionId current = 0;
};

class AccountService {
 public:
  AccountService(store::Store& store, ConsultationService& service, AccountOptions options = {});

  // Admins only.
  void list_people(Caller caller, Callback<std::vector<store::PersonListing>> done);
  void list_organisations(Caller caller, Callback<std::vector<store::OrganisationListing>> done);
  void manage(Caller caller, AccountCommand command, Callback<AccountOutcome> done);

  // Anyone logged in, for their own sessions.
  void sessions(Caller caller, Callback<OwnSessions> done);
  void end_session(Caller caller, domain::SessionId session, Callback<store::EndedSession> done);

  // No login needed: the link is the credential. check_invitation says whose link it is, or why
  // it does not work (not_found, invitation_used, invitation_expired).
  void check_invitation(std::string token, Callback<domain::PersonRecord> done);
  void accept_invitation(std::string token, std::string password, ClientInfo client,
                         Callback<LoginSuccess> done);

  // The secretariat and admins.
  void read_audit(Caller caller, store::AuditQuery query,
                  Callback<std::vector<store::AuditEntry>> done);

  // Removes the sessions that have expired, recording each; answers how many it removed.
  void expire_sessions(Callback<std::size_t> done);

 private:
  template <class T, class Body>
  void read(Callback<T> done, Body body);

  store::Store& store_;
  ConsultationService& service_;
  AccountOptions options_;
};

}  // namespace samrad::service
