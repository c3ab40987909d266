// People and organisations shared by the domain tests.
#pragma once

#include "domain/types.hpp"

namespace samrad::domain::fixtures {

constexpr OrganisationId malmo = 2;
constexpr OrganisationId kiruna = 3;

// Every organisation kind, and the kinds of each side, spelled out here rather than derived from
// side_of(), so the tests do not take the rule they check from the code they check.
constexpr OrganisationKind all_kinds[] = {OrganisationKind::ministry,     OrganisationKind::agency,
                                          OrganisationKind::municipality, OrganisationKind::region,
                                          OrganisationKind::association,  OrganisationKind::other};
constexpr Role all_roles[] = {Role::admin, Role::secretariat, Role::representative, Role::observer};
constexpr Phase all_phases[] = {Phase::draft, Phase::open, Phase::closed, Phase::decided};
constexpr StreamKind all_streams[] = {StreamKind::main, StreamKind::state_preparation,
                                      StreamKind::municipal_preparation, StreamKind::moderation};

// A person of the given organisation; the kind decides the side (other: neutral).
inline Person person(Role role, OrganisationId organisation = malmo,
                     OrganisationKind kind = OrganisationKind::other) {
  return Person{.id = 1,
                .name = "Anna Lind",
                .email = "anna@example.se",
                .role = role,
                .organisation = {.id = organisation, .name = "Org", .kind = kind}};
}

}  // namespace samrad::domain::fixtures
