// The texts of the page that checks a decision record (samrådsprotokoll), in Swedish and
// English: what each of the five checks means, and what each failure means for the person
// holding the file. Kept apart from strings.ts; the lookup works the same way.

import type { Lang } from './lang';

const STRINGS = {
  'nav.verify': { sv: 'Kontrollera protokoll', en: 'Verify a record' },
  'footer.verify': {
    sv: 'Kontrollera ett samrådsprotokoll',
    en: 'Verify a decision record',
  },

  'round.record.heading': { sv: 'Samrådsprotokoll', en: 'Decision record' },
  'round.record.intro': {
    sv: 'Rundan är avgjord. Samrådsprotokollet har signerats och förts in i tjänstens öppna logg, så att vem som helst kan kontrollera att det inte har ändrats.',
    en: 'The round has been decided. Its decision record has been signed and entered in the service’s open log, so anyone can check that it has not been changed.',
  },
  'round.record.download': {
    sv: 'Ladda ner samrådsprotokollet (JSON)',
    en: 'Download the decision record (JSON)',
  },
  'round.record.verify': { sv: 'Kontrollera ett protokoll', en: 'Verify a record' },
  'round.record.formats': { sv: 'Andra format', en: 'Other formats' },
  'round.record.html': {
    sv: 'Protokollet för utskrift (HTML, A4)',
    en: 'The record for printing (HTML, A4)',
  },
  'round.record.positions': {
    sv: 'Ställningstaganden (CSV för kalkylblad)',
    en: 'Positions (CSV for spreadsheets)',
  },
  'round.record.responses': {
    sv: 'Statens svar (CSV för kalkylblad)',
    en: 'The state’s responses (CSV for spreadsheets)',
  },
  'round.record.posts': {
    sv: 'Alla inlägg (CSV för kalkylblad)',
    en: 'Every post (CSV for spreadsheets)',
  },
  'round.record.archive': {
    sv: 'Hela diskussionen för utskrift (HTML)',
    en: 'The whole discussion for printing (HTML)',
  },

  'verify.title': { sv: 'Kontrollera ett samrådsprotokoll', en: 'Verify a decision record' },
  'verify.intro': {
    sv: 'Här kan du kontrollera att ett samrådsprotokoll du har fått är exakt det som Samråd har loggat, och att ingen har ändrat det sedan dess. Kontrollen görs i din webbläsare: filen skickas inte någonstans.',
    en: 'Here you can check that a decision record you have received is exactly the one Samråd logged, and that nobody has changed it since. The check runs in your browser: the file is not sent anywhere.',
  },
  'verify.file': { sv: 'Protokollfil', en: 'Record file' },
  'verify.file.hint': {
    sv: 'Den JSON-fil som laddades ner från samrådsrundan. Du kan också dra filen hit.',
    en: 'The JSON file downloaded from the consultation round. You can also drag the file here.',
  },
  'verify.file.missing': { sv: 'Välj protokollfilen.', en: 'Choose the record file.' },
  'verify.file.tooLarge': {
    sv: 'Filen är för stor för att vara ett samrådsprotokoll (högst {megabytes} MB). Kontrollera att du har valt rätt fil.',
    en: 'The file is too large to be a decision record (at most {megabytes} MB). Check that you chose the right file.',
  },
  'verify.key': { sv: 'Loggens publika nyckel', en: 'The log’s public key' },
  'verify.key.loading': {
    sv: 'Hämtar den här tjänstens nyckel…',
    en: 'Fetching this service’s key…',
  },
  'verify.key.fetched': {
    sv: 'Ifylld med den här tjänstens egen nyckel. Gäller protokollet en annan Samråd-tjänst, klistra in den tjänstens nyckel i stället.',
    en: 'Filled in with this service’s own key. If the record is from another Samråd service, paste that service’s key instead.',
  },
  'verify.key.other': {
    sv: 'Fältet innehåller en annan nyckel än den här tjänstens egen (som har nyckel-id {id}). Töm fältet för att använda den här tjänstens nyckel.',
    en: 'The field holds another key than this service’s own (whose key ID is {id}). Empty the field to use this service’s key.',
  },
  'verify.key.unavailable': {
    sv: 'Den här tjänstens nyckel kunde inte hämtas. Klistra in nyckeln för den logg protokollet kommer från. Den ser ut ungefär så här: samrad.example/log+1a2b3c4d+AV…',
    en: 'This service’s key could not be fetched. Paste the key of the log the record comes from. It looks roughly like this: samrad.example/log+1a2b3c4d+AV…',
  },
  'verify.key.facts': {
    sv: 'Nyckelns namn: {name}. Nyckel-id: {id}. Jämför nyckel-id med det som tjänsten har publicerat.',
    en: 'Key name: {name}. Key ID: {id}. Compare the key ID with the one the service has published.',
  },
  'verify.key.error.empty': {
    sv: 'Klistra in loggens publika nyckel.',
    en: 'Paste the log’s public key.',
  },
  'verify.key.error.malformed': {
    sv: 'Nyckeln ska ha formen namn+nyckel-id+nyckel, till exempel samrad.example/log+1a2b3c4d+AV…',
    en: 'The key should have the form name+key ID+key, for example samrad.example/log+1a2b3c4d+AV…',
  },
  'verify.key.error.bad_name': {
    sv: 'Nyckelns namn får inte innehålla mellanslag eller plustecken.',
    en: 'The key’s name must not contain spaces or plus signs.',
  },
  'verify.key.error.bad_key': {
    sv: 'Det här är inte en giltig Ed25519-nyckel. Kontrollera att hela nyckeln kom med när du kopierade den.',
    en: 'This is not a valid Ed25519 key. Check that the whole key was copied.',
  },
  'verify.key.error.key_id_mismatch': {
    sv: 'Nyckel-id stämmer inte med nyckeln. Kontrollera att hela nyckeln kom med när du kopierade den.',
    en: 'The key ID does not match the key. Check that the whole key was copied.',
  },
  'verify.submit': { sv: 'Kontrollera protokollet', en: 'Verify the record' },
  'verify.checking': { sv: 'Kontrollerar {file}…', en: 'Checking {file}…' },

  'verify.ok.title': {
    sv: 'Kontrollen lyckades: protokollet är oförändrat',
    en: 'Verified: the record is unchanged',
  },
  'verify.ok.text': {
    sv: 'Filen {file} innehåller exakt det protokoll som loggen {origin} har på plats {index}, och loggen är signerad med nyckeln nedan.',
    en: 'The file {file} holds exactly the record that the log {origin} has at position {index}, and the log is signed with the key below.',
  },
  'verify.failed.title': { sv: 'Kontrollen misslyckades', en: 'Verification failed' },
  'verify.failed.file': {
    sv: 'Filen {file} klarade inte kontrollen.',
    en: 'The file {file} did not pass the check.',
  },
  'verify.failed.advice': {
    sv: 'Lita inte på innehållet i den här filen. Be den som skickade den om en ny kopia, eller ladda ner protokollet direkt från samrådsrundan.',
    en: 'Do not rely on the contents of this file. Ask whoever sent it for a new copy, or download the record directly from the consultation round.',
  },
  'verify.fact.round': { sv: 'Samrådsrunda', en: 'Consultation round' },
  'verify.fact.decided': { sv: 'Beslutad', en: 'Decided' },
  'verify.fact.index': { sv: 'Plats i loggen', en: 'Position in the log' },
  'verify.fact.index.value': { sv: '{index} (räknat från 0)', en: '{index} (counting from 0)' },
  'verify.fact.size': { sv: 'Loggens storlek', en: 'Size of the log' },
  'verify.fact.size.value': { sv: '{size} protokoll', en: '{size} records' },
  'verify.fact.key': { sv: 'Nyckelns namn', en: 'Key name' },
  'verify.fact.keyId': { sv: 'Nyckel-id', en: 'Key ID' },
  'verify.unknown': { sv: 'okänd', en: 'unknown' },

  'verify.checks': { sv: 'Det här kontrollerades', en: 'What was checked' },
  'verify.check.file': {
    sv: 'Filen är ett samrådsprotokoll',
    en: 'The file is a decision record',
  },
  'verify.check.signature': {
    sv: 'Loggens kontrollpunkt är signerad med nyckeln',
    en: 'The log’s checkpoint is signed with the key',
  },
  'verify.check.checkpoint': {
    sv: 'Kontrollpunkten gäller nyckelns logg',
    en: 'The checkpoint belongs to the key’s log',
  },
  'verify.check.proof': {
    sv: 'Beviset passar protokollets plats i loggen',
    en: 'The proof fits the record’s position in the log',
  },
  'verify.check.inclusion': {
    sv: 'Protokollet är exakt det som loggades',
    en: 'The record is exactly the one logged',
  },
  'verify.status.passed': { sv: 'Godkänd', en: 'Passed' },
  'verify.status.failed': { sv: 'Misslyckades', en: 'Failed' },
  'verify.status.skipped': { sv: 'Inte kontrollerad', en: 'Not checked' },

  'verify.fail.not_utf8': {
    sv: 'Filen går inte att läsa som text. Kontrollera att du har valt protokollfilen (en JSON-fil).',
    en: 'The file cannot be read as text. Check that you chose the record file (a JSON file).',
  },
  'verify.fail.not_json': {
    sv: 'Filen är inte en JSON-fil och därmed inte ett samrådsprotokoll. Kontrollera att du har valt rätt fil.',
    en: 'The file is not a JSON file, so it is not a decision record. Check that you chose the right file.',
  },
  'verify.fail.duplicate_key': {
    sv: 'Fältet ”{key}” står två gånger på samma ställe i filen. En sådan fil kan läsas på olika sätt i olika program och godtas därför inte.',
    en: 'The field “{key}” appears twice in the same place in the file. Such a file can be read differently by different programs, so it is refused.',
  },
  'verify.fail.lone_surrogate': {
    sv: 'Filen innehåller en ogiltig teckenkod och godtas därför inte.',
    en: 'The file contains an invalid character code, so it is refused.',
  },
  'verify.fail.unsafe_number': {
    sv: 'Filen innehåller ett tal som är för stort för att läsas säkert.',
    en: 'The file contains a number too large to be read safely.',
  },
  'verify.fail.not_object': {
    sv: 'Filen är inte ett samrådsprotokoll i det format Samråd använder.',
    en: 'The file is not a decision record in the format Samråd uses.',
  },
  'verify.fail.record_not_object': {
    sv: 'Filen saknar själva protokollet.',
    en: 'The file does not contain the record itself.',
  },
  'verify.fail.missing_field': {
    sv: 'Filen är inte ett fullständigt samrådsprotokoll: fältet ”{field}” saknas.',
    en: 'The file is not a complete decision record: the field “{field}” is missing.',
  },
  'verify.fail.unknown_field': {
    sv: 'Filen innehåller fältet ”{field}”, som inte hör till ett samrådsprotokoll.',
    en: 'The file contains the field “{field}”, which is not part of a decision record.',
  },
  'verify.fail.wrong_type': {
    sv: 'Fältet ”{field}” i filen har fel form.',
    en: 'The field “{field}” in the file has the wrong form.',
  },
  'verify.fail.unknown_format': {
    sv: 'Filen har formatet ”{format}”, som den här sidan inte känner till.',
    en: 'The file has the format “{format}”, which this page does not know.',
  },
  'verify.fail.malformed_note': {
    sv: 'Loggens kontrollpunkt i filen är skadad och går inte att läsa.',
    en: 'The log’s checkpoint in the file is damaged and cannot be read.',
  },
  'verify.fail.no_signature_by_key': {
    sv: 'Loggens kontrollpunkt i filen är inte signerad med nyckeln {name} (nyckel-id {id}). Antingen kommer protokollet från en annan Samråd-tjänst – klistra då in den tjänstens nyckel – eller så har kontrollpunkten ändrats.',
    en: 'The log’s checkpoint in the file is not signed with the key {name} (key ID {id}). Either the record comes from another Samråd service – then paste that service’s key – or the checkpoint has been changed.',
  },
  'verify.fail.bad_signature': {
    sv: 'Signaturen på loggens kontrollpunkt stämmer inte. Kontrollpunkten i filen har ändrats efter att den signerades.',
    en: 'The signature on the log’s checkpoint does not match. The checkpoint in the file was changed after it was signed.',
  },
  'verify.fail.malformed_body': {
    sv: 'Kontrollpunkten är signerad men har inte det innehåll en kontrollpunkt ska ha.',
    en: 'The checkpoint is signed but does not have the contents a checkpoint must have.',
  },
  'verify.fail.bad_size': {
    sv: 'Kontrollpunkten är signerad men anger inte loggens storlek korrekt.',
    en: 'The checkpoint is signed but does not state the log’s size correctly.',
  },
  'verify.fail.bad_root': {
    sv: 'Kontrollpunkten är signerad men dess sammanfattning av loggen (rothashen) är skadad.',
    en: 'The checkpoint is signed but its summary of the log (the root hash) is damaged.',
  },
  'verify.fail.origin_mismatch': {
    sv: 'Kontrollpunkten gäller loggen ”{origin}”, men nyckeln hör till loggen ”{name}”.',
    en: 'The checkpoint belongs to the log “{origin}”, but the key belongs to the log “{name}”.',
  },
  'verify.fail.index_out_of_range': {
    sv: 'Filen anger plats {index} i loggen, men loggen hade bara {size} protokoll (plats 0–{last}). Filen har ändrats.',
    en: 'The file gives position {index} in the log, but the log had only {size} records (positions 0–{last}). The file has been changed.',
  },
  'verify.fail.wrong_length': {
    sv: 'Beviset i filen har {actual} led men ska ha {expected} för protokollets plats i loggen. Filen har ändrats eller är ofullständig.',
    en: 'The proof in the file has {actual} steps but should have {expected} for the record’s position in the log. The file has been changed or is incomplete.',
  },
  'verify.fail.malformed_hash': {
    sv: 'Led {position} i beviset är skadat.',
    en: 'Step {position} of the proof is damaged.',
  },
  'verify.fail.root_mismatch': {
    sv: 'Protokollet för ”{title}” har ändrats efter att det loggades: det stämmer inte med loggens signerade kontrollpunkt.',
    en: 'The record for “{title}” was changed after it was logged: it does not match the log’s signed checkpoint.',
  },
  'verify.fail.root_mismatch.untitled': {
    sv: 'Protokollet i filen har ändrats efter att det loggades: det stämmer inte med loggens signerade kontrollpunkt.',
    en: 'The record in the file was changed after it was logged: it does not match the log’s signed checkpoint.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type RecordStringKey = keyof typeof STRINGS;

export function rt(
  lang: Lang,
  key: RecordStringKey,
  params: Record<string, string | number> = {},
): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
