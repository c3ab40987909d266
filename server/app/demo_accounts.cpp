// Demo accounts (see demo_accounts.hpp).
#include "app/demo_accounts.hpp"

#include <span>
#include <stdexcept>
#include <string>

#include "service/account_handler.hpp"

namespace samrad::app {

namespace {

service::AccountOutcome carry_out(store::Store& store, domain::Timestamp now,
                                  const service::AccountCommand& command) {
  const service::AccountActor actor{.session_hash = std::nullopt,
                                    .origin = {domain::Source::server, "demo data"},
                                    .now = now,
                                    .invitation_lifetime_ms = 7ll * 24 * 3600 * 1000};
  std::optional<service::AccountOutcome> outcome;
  const store::Work work = [&](store::WriteTransaction& tx) -> store::Appended {
    auto result = service::carry_out_account(tx, actor, command);
    if (!result) return result.error();
    outcome = std::move(result).value();
    return std::vector<domain::Event>{};
  };
  auto written = std::move(store.write(std::span(&work, 1)).at(0));
  if (!written) throw std::runtime_error("demo accounts refused: " + written.error().message);
  return std::move(*outcome);
}

domain::OrganisationId organisation_named(store::Store& store, const std::string& name) {
  auto organisations = store.list_organisation_records();
  if (!organisations) throw std::runtime_error("demo accounts: " + organisations.error().message);
  for (const auto& listing : *organisations) {
    if (listing.record.organisation.name == name) return listing.record.organisation.id;
  }
  throw std::runtime_error("demo accounts: no organisation " + name);
}

}  // namespace

void seed_demo_accounts(store::Store& store, domain::Timestamp now) {
  carry_out(store, now,
            domain::CreatePerson{"Sofia Åkesson", "sofia.akesson@skane.example",
                                 domain::Role::representative,
                                 organisation_named(store, "Region Skåne")});
  const auto leaving = carry_out(
      store, now,
      domain::CreatePerson{"Olof Berglund", "olof.berglund@kiruna.example", domain::Role::observer,
                           organisation_named(store, "Kiruna kommun")});
  carry_out(store, now, domain::SetPersonActive{*leaving.person, false});
}

}  // namespace samrad::app
