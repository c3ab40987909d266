// The sections of the readable record, in the order a reader of a consultation protocol expects
// them: facts, proposal, agenda, minutes per agenda item, tally, positions, outcome, responses,
// dissent, joint document, participants, timeline, counts, verification. Every text from the record
// is escaped or, for Markdown, rendered by markdown_html in safe mode.
#include "records/record_html.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "records/decision_record_reader.hpp"
#include "records/html_document.hpp"
#include "records/markdown_html.hpp"
#include "records/stockholm_time.hpp"
#include "records/swedish_terms.hpp"

namespace samrad::records {
namespace {

std::string esc(std::string_view text) {
  return escape_html(text);
}

// Codes and times were checked by the reader, so these cannot miss.
std::string sv(std::optional<std::string_view> word) {
  return esc(word.value());
}
std::string local(const std::string& utc) {
  return format_stockholm_time(utc).value();
}
std::string text_block(std::string_view text) {
  return "<div class=\"text\">" + esc(text) + "</div>";
}
std::string cell(const std::string& html) {
  return "<td>" + html + "</td>";
}
std::string number(std::int64_t value) {
  return std::to_string(value);
}

std::string when_by(const std::string& at, const RecordPerson& by) {
  return local(at) + ", " + esc(by.name);
}

class RecordPage {
 public:
  RecordPage(const BundleFacts& bundle, const TextSink& sink)
      : bundle_(bundle), record_(bundle.record), sink_(sink) {}

  void write() {
    sink_(html_document_start("Samrådsprotokoll: " + record_.round.title));
    facts();
    proposal();
    agenda();
    minutes();
    tally();
    positions();
    outcome();
    responses();
    dissent();
    joint_document();
    participants();
    timeline();
    counts();
    verification();
    sink_(html_document_end());
  }

 private:
  void out(const std::string& html) { sink_(html); }

  void facts() {
    const auto& round = record_.round;
    std::string sectors;
    for (const auto& sector : round.sectors) {
      if (!sectors.empty()) sectors += ", ";
      sectors += sv(sector_in_swedish(sector));
    }
    std::string html =
        "<h1>Samrådsprotokoll: " + esc(round.title) + "</h1>\n<dl class=\"facts\">\n";
    const auto fact = [&html](std::string_view term, const std::string& value) {
      html += "<dt>" + std::string(term) + "</dt><dd>" + value + "</dd>\n";
    };
    fact("Samrådsrunda", "nr " + number(round.id));
    fact("Typ av runda", sv(round_kind_in_swedish(round.kind)));
    fact("Sektorer", sectors.empty() ? "–" : sectors);
    fact("Skapad", when_by(round.created_at, round.created_by));
    fact("Öppnad", round.opened_at ? local(*round.opened_at) : "–");
    fact("Stängd", round.closed_at ? local(*round.closed_at) : "–");
    fact("Beslutad", when_by(round.decided_at, round.decided_by));
    if (record_.supersedes) {
      fact("Ersätter", "protokollet med loggindex " + number(record_.supersedes->log_index) +
                           " (lövhash <span class=\"hash\">" + esc(record_.supersedes->leaf_hash) +
                           "</span>)");
      fact("Skäl till rättelsen", esc(record_.supersedes->reason));
    }
    fact("Tider", "svensk tid (Europe/Stockholm)");
    out(html + "</dl>\n");
  }

  void proposal() {
    const auto& proposal = record_.proposal;
    std::string html = "<h2>Förslaget</h2>\n<p>Version " + number(proposal.version) +
                       ", SHA-256 <span class=\"hash\">" + esc(proposal.sha256) + "</span></p>\n" +
                       "<div class=\"markdown\">\n" + markdown_to_html(proposal.text) + "</div>\n";
    html +=
        "<h3>Versioner av förslaget</h3>\n<table>\n<tr><th>Version</th><th>SHA-256</th>"
        "<th>Tid</th><th>Av</th></tr>\n";
    for (const auto& version : record_.proposal_versions) {
      html += "<tr>" + cell(number(version.version)) + "<td class=\"hash\">" + esc(version.sha256) +
              "</td>" + cell(local(version.at)) + cell(esc(version.by.name)) + "</tr>\n";
    }
    out(html + "</table>\n");
  }

  void agenda() {
    std::string html = "<h2>Dagordning</h2>\n";
    if (record_.agenda.empty()) {
      out(html + "<p>Ingen dagordning.</p>\n");
      return;
    }
    html += "<table>\n<tr><th>Tråd</th><th>Fråga</th><th>Status</th></tr>\n";
    for (const auto& item : record_.agenda) {
      html += "<tr>" + cell(number(item.thread_id)) + cell(esc(item.title)) +
              cell(sv(agenda_status_in_swedish(item.status))) + "</tr>\n";
    }
    out(html + "</table>\n");
  }

  // One of the minutes' three texts under its heading; an empty one is left out.
  static std::string minutes_part(std::string_view heading, const std::string& text) {
    if (text.empty()) return "";
    return "<h4>" + std::string(heading) + "</h4>\n<div class=\"markdown\">\n" +
           markdown_to_html(text) + "</div>\n";
  }

  // The posts themselves are in the discussion archive, under the same numbers.
  void minutes() {
    std::string html = "<h2>Protokoll per fråga</h2>\n";
    if (record_.minutes.empty()) {
      out(html + "<p>Inget protokoll har förts.</p>\n");
      return;
    }
    for (const auto& item : record_.minutes) {
      html += "<h3>" + esc(item.title) + "</h3>\n" +
              minutes_part("Statens inspel", item.state_input) +
              minutes_part("Kommunsektorns inspel", item.municipal_input) +
              minutes_part("Statens kommentar", item.state_comment);
      if (!item.posts.empty()) {
        html += "<p>Sammanfattar inlägg ";
        for (std::size_t i = 0; i < item.posts.size(); ++i) {
          html += (i ? ", " : "") + number(item.posts[i]);
        }
        html += " (se diskussionsarkivet)</p>\n";
      }
      html += "<p class=\"meta\">Version " + number(item.version) + ", skrivet " +
              when_by(item.written_at, item.written_by) + "</p>\n";
    }
    out(html);
  }

  void tally() {
    const auto& tally = record_.tally;
    std::string html = "<h2>Sammanställning</h2>\n<p>" + number(tally.answered) + " av " +
                       number(tally.invited) +
                       " inbjudna organisationer har lämnat ett ställningstagande.</p>\n"
                       "<table>\n<tr><th>Ställningstagande</th><th>Antal</th></tr>\n";
    const auto row = [&html](std::string_view stance, std::int64_t count) {
      html += "<tr>" + cell(sv(stance_in_swedish(stance))) + cell(number(count)) + "</tr>\n";
    };
    row("supports", tally.supports);
    row("supports_with_reservations", tally.supports_with_reservations);
    row("opposes", tally.opposes);
    row("abstains", tally.abstains);
    row("no_comments", tally.no_comments);
    out(html + "</table>\n");
  }

  void positions() {
    out("<h2>Ställningstaganden</h2>\n");
    if (record_.positions.empty()) out("<p>Inga ställningstaganden.</p>\n");
    for (const auto& position : record_.positions) {
      const auto& organisation = position.organisation;
      std::string html = "<h3>" + esc(organisation.name) + "</h3>\n<p class=\"meta\">" +
                         sv(organisation_kind_in_swedish(organisation.kind)) + ", " +
                         sv(public_sector_part(organisation.kind)) + "</p>\n";
      // Newest first: the position that counts, then its history.
      for (auto version = position.versions.rbegin(); version != position.versions.rend();
           ++version) {
        const bool current = version == position.versions.rbegin();
        html += "<div class=\"post\"><p><strong>" + sv(stance_in_swedish(version->stance)) +
                "</strong> (version " + number(version->version) +
                (current ? ", gällande" : ", ersatt") + ")</p>\n";
        if (!version->motivation.empty()) html += text_block(version->motivation) + "\n";
        if (!version->points.empty()) {
          html += "<ul>\n";
          for (const auto& point : version->points) {
            html += "<li>" + esc(point.title) + ": " + sv(stance_in_swedish(point.stance));
            if (!point.motivation.empty()) html += text_block(point.motivation);
            html += "</li>\n";
          }
          html += "</ul>\n";
        }
        html += "<p class=\"meta\">Angivet " + when_by(version->stated_at, version->stated_by) +
                "</p></div>\n";
      }
      out(html);
    }
  }

  void outcome() {
    std::string html = "<h2>Utfall</h2>\n";
    if (!record_.outcome) {
      out(html + "<p>Sekretariatet har inte skrivit något utfall.</p>\n");
      return;
    }
    const auto& outcome = *record_.outcome;
    html += text_block(outcome.summary) + "\n";
    html += "<h3>Överenskomna punkter</h3>\n";
    if (outcome.agreed.empty()) {
      html += "<p>Inga.</p>\n";
    } else {
      html += "<ol>\n";
      for (const auto& point : outcome.agreed) html += "<li>" + esc(point) + "</li>\n";
      html += "</ol>\n";
    }
    html += "<p class=\"meta\">Version " + number(outcome.version) + ", skrivet " +
            when_by(outcome.written_at, outcome.written_by) + "</p>\n";
    out(html);
  }

  std::string organisation_name(std::int64_t id) const {
    for (const auto& participant : record_.participants) {
      if (participant.organisation.id == id) return participant.organisation.name;
    }
    return "okänd organisation (id " + number(id) + ")";
  }

  void responses() {
    std::string html = "<h2>Statens svar på framförda synpunkter</h2>\n";
    if (record_.responses.empty()) {
      out(html + "<p>Inga synpunkter har besvarats.</p>\n");
      return;
    }
    html +=
        "<table>\n<tr><th>Synpunkt</th><th>Framförd av</th><th>Svar</th><th>Motivering</th>"
        "</tr>\n";
    for (const auto& response : record_.responses) {
      std::string raised;
      for (const auto id : response.raised_by_organisations) {
        if (!raised.empty()) raised += ", ";
        raised += esc(organisation_name(id));
      }
      if (!response.raised_by_posts.empty()) {
        raised += raised.empty() ? "inlägg " : "; inlägg ";
        for (std::size_t i = 0; i < response.raised_by_posts.size(); ++i) {
          raised += (i ? ", " : "") + number(response.raised_by_posts[i]);
        }
      }
      html += "<tr>" + cell(text_block(response.point)) + cell(raised) +
              cell(sv(response_in_swedish(response.response))) + cell(text_block(response.reason)) +
              "</tr>\n";
    }
    out(html + "</table>\n");
  }

  void dissent() {
    std::string html = "<h2>Reservationer</h2>\n";
    if (record_.dissent.empty()) {
      out(html + "<p>Inga reservationer.</p>\n");
      return;
    }
    for (const auto& dissent : record_.dissent) {
      html += "<div class=\"post\"><h3>" + esc(dissent.organisation.name) + "</h3>\n" +
              text_block(dissent.text) + "\n<p class=\"meta\">" + when_by(dissent.at, dissent.by) +
              "</p></div>\n";
    }
    out(html);
  }

  void joint_document() {
    if (!record_.joint_document) return;
    const auto& document = *record_.joint_document;
    std::string html = "<h2>Gemensamt dokument</h2>\n<p>Version " + number(document.version) +
                       ", SHA-256 <span class=\"hash\">" + esc(document.sha256) + "</span></p>\n" +
                       "<div class=\"markdown\">\n" + markdown_to_html(document.text) + "</div>\n";
    html += "<h3>Godkännanden</h3>\n" + approved_per_side(document);
    if (document.approvals.empty()) {
      html += "<p>Inga godkännanden.</p>\n";
    } else {
      html += "<ul>\n";
      for (const auto& approval : document.approvals) {
        html += "<li>" + sv(side_in_swedish(approval.side)) + " godkände version " +
                number(approval.version) + " " + when_by(approval.at, approval.by) + "</li>\n";
      }
      html += "</ul>\n";
    }
    out(html);
  }

  // Which version each side approved last, and whether that is the version the record holds.
  static std::string approved_per_side(const RecordJointDocument& document) {
    std::string html = "<dl class=\"facts\">\n";
    for (const std::string_view side : {"state", "municipal"}) {
      const RecordApproval* last = nullptr;
      for (const auto& approval : document.approvals) {
        if (approval.side == side) last = &approval;
      }
      html += "<dt>" + sv(side_in_swedish(side)) + "</dt><dd>";
      if (!last) {
        html += "har inte godkänt dokumentet";
      } else if (last->version == document.version) {
        html += "godkände version " + number(last->version) + ", den senaste";
      } else {
        html += "godkände version " + number(last->version) + ", inte den senaste (version " +
                number(document.version) + ")";
      }
      html += "</dd>\n";
    }
    return html + "</dl>\n";
  }

  void participants() {
    std::string html =
        "<h2>Deltagare</h2>\n<table>\n<tr><th>Organisation</th><th>Del</th><th>Inbjuden</th>"
        "<th>Personer</th><th>Inlägg</th><th>Versioner av ställningstagande</th></tr>\n";
    for (const auto& participant : record_.participants) {
      std::string people;
      for (const auto& person : participant.people) {
        if (!people.empty()) people += ", ";
        people += esc(person.name);
      }
      html += "<tr>" + cell(esc(participant.organisation.name)) +
              cell(sv(public_sector_part(participant.organisation.kind))) +
              cell(std::string(yes_no(participant.invited))) + cell(people) +
              cell(number(participant.posts)) + cell(number(participant.position_versions)) +
              "</tr>\n";
    }
    out(html + "</table>\n");
  }

  void timeline() {
    std::string html =
        "<h2>Tidslinje</h2>\n<p class=\"meta\">Händelser i rundans huvudflöde "
        "utom inlägg; sammanfattningarna är på engelska som i protokollet.</p>\n"
        "<table>\n<tr><th>Nr</th><th>Tid</th><th>Händelse</th><th>Av</th>"
        "<th>Sammanfattning</th></tr>\n";
    for (const auto& entry : record_.timeline) {
      html += "<tr>" + cell(number(entry.seq)) + cell(local(entry.at)) + cell(esc(entry.kind)) +
              cell(entry.actor ? esc(entry.actor->name) : "systemet") + cell(esc(entry.summary)) +
              "</tr>\n";
    }
    out(html + "</table>\n");
  }

  void counts() {
    const auto& counts = record_.counts;
    std::string html = "<h2>Antal</h2>\n<table>\n";
    const auto row = [&html](std::string_view what, std::int64_t count) {
      html += "<tr><th>" + std::string(what) + "</th>" + cell(number(count)) + "</tr>\n";
    };
    row("Trådar", counts.threads);
    row("Inlägg", counts.posts);
    row("Dolda inlägg", counts.hidden_posts);
    row("Redigerade inlägg", counts.edited_posts);
    row("Angivna ställningstaganden", counts.positions_stated);
    row("Påminnelser", counts.reminders);
    out(html + "</table>\n");
  }

  void verification() {
    std::string html = "<h2>Verifiering</h2>\n<dl class=\"facts\">\n";
    html += "<dt>Logg</dt><dd class=\"hash\">" + esc(record_.log_origin) + "</dd>\n";
    html += "<dt>Loggindex</dt><dd>" + std::to_string(bundle_.log_index) + "</dd>\n";
    html += "<dt>Lövhash (SHA-256)</dt><dd class=\"hash\">" + esc(bundle_.leaf_hash) + "</dd>\n";
    html += "<dt>Loggens storlek</dt><dd>" + std::to_string(bundle_.checkpoint_body.size) +
            "</dd>\n</dl>\n";
    html += "<p>Kontrollpunkt (signerad):</p>\n<pre>" + esc(bundle_.checkpoint) + "</pre>\n";
    html +=
        "<p>Protokollet är infört i samrådets transparenslogg. Så kontrollerar du att det är "
        "exakt det protokoll som loggen innehåller: ladda ner protokollfilen (JSON) för rundan "
        "och loggens publika nyckel från <span class=\"hash\">/.well-known/samrad-log-key</span>, "
        "och kör</p>\n<pre>samrad verify record protokoll.json --key nyckel.txt</pre>\n"
        "<p>Kommandot räknar fram lövhashen ovan ur protokollet, följer inklusionsbeviset till "
        "kontrollpunktens rot och kontrollerar kontrollpunktens signatur. Det behöver ingen "
        "kontakt med servern.</p>\n";
    out(html);
  }

  const BundleFacts& bundle_;
  const DecisionRecord& record_;
  const TextSink& sink_;
};

}  // namespace

Result<Ok, ExportError> write_record_html(const nlohmann::json& bundle, const TextSink& sink) {
  const auto facts = read_record_bundle(bundle);
  if (!facts) return facts.error();
  RecordPage(*facts, sink).write();
  return Ok{};
}

}  // namespace samrad::records
