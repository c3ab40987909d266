// People and organisations shared by the domain tests.
#pragma once

#include "domain/types.hpp"

namespace samrad::domain::fixtures {

constexpr OrganisationId malmo = 2;
constexpr OrganisationId kiruna = 3;

inline Person person(Role role, OrganisationId organisation = malmo) {
  return Person{
      .id = 1,
      .name = "Anna Lind",
      .email = "anna@example.se",
      .role = role,
      .organisation = {.id = organisation, .name = "Org", .kind = OrganisationKind::other}};
}

}  // namespace samrad::domain::fixtures
