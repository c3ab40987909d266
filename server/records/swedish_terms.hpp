// The Swedish words the exports use for records.md's English codes. Each function answers
// nothing for a code it does not know, so a reader of the record can refuse it by name.
#pragma once

#include <optional>
#include <string_view>

namespace samrad::records {

// supports → "Tillstyrker", supports_with_reservations → "Tillstyrker med förbehåll", opposes →
// "Avstyrker", abstains → "Tar inte ställning", no_comments → "Avstår från att yttra sig".
std::optional<std::string_view> stance_in_swedish(std::string_view stance);

// ministry → "Departement", agency → "Myndighet", municipality → "Kommun", region → "Region",
// association → "Förening eller förbund", other → "Annan".
std::optional<std::string_view> organisation_kind_in_swedish(std::string_view kind);

// The part of the public sector an organisation kind belongs to, as Swedish statistics group
// them: ministry and agency → "Staten", municipality → "Kommuner", region → "Regioner",
// association and other → "Övriga".
std::optional<std::string_view> public_sector_part(std::string_view kind);

// accepted → "Godtas", partly_accepted → "Godtas delvis", not_accepted → "Godtas inte".
std::optional<std::string_view> response_in_swedish(std::string_view response);

// accepted → "Antagen", proposed → "Föreslagen", declined → "Avslagen" (agenda items).
std::optional<std::string_view> agenda_status_in_swedish(std::string_view status);

// state → "Staten", municipal → "Kommunsektorn", neutral → "Neutral".
std::optional<std::string_view> side_in_swedish(std::string_view side);

// plenary → "Plenar", bilateral → "Bilateral".
std::optional<std::string_view> round_kind_in_swedish(std::string_view kind);

// health_care → "Hälso- och sjukvård", school → "Skola", social_care → "Socialtjänst och omsorg".
std::optional<std::string_view> sector_in_swedish(std::string_view sector);

// true → "ja", false → "nej", as a Swedish spreadsheet column says yes or no.
std::string_view yes_no(bool value);

}  // namespace samrad::records
