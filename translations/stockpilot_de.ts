<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CsvImporter</name>
    <message>
        <source>%1 lines are wrong; the first, line %2: %3</source>
        <translation>%1 Zeilen sind fehlerhaft; die erste, Zeile %2: %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Inventory management for warehouses and stores.</source>
        <translation>Warenwirtschaft für Lager und Filialen.</translation>
    </message>
    <message>
        <source>Connect to this PostgreSQL server (a postgresql:// URI).</source>
        <translation>Mit diesem PostgreSQL-Server verbinden (eine postgresql://-URI).</translation>
    </message>
    <message>
        <source>Keep the embedded database in this directory.</source>
        <translation>Die eingebettete Datenbank in diesem Verzeichnis ablegen.</translation>
    </message>
    <message>
        <source>Sign in as this user.</source>
        <translation>Als dieser Benutzer anmelden.</translation>
    </message>
    <message>
        <source>Save a picture of the main window to this PNG file once the data has loaded, then quit.</source>
        <translation>Nach dem Laden der Daten ein Bild des Hauptfensters in diese PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <source>The page to show for --screenshot (default: stock).</source>
        <translation>Die Seite für --screenshot (Standard: stock).</translation>
    </message>
</context>
<context>
    <name>sp::app::DesktopApp</name>
    <message>
        <source>Starting the database in %1…</source>
        <translation>Datenbank in %1 wird gestartet…</translation>
    </message>
    <message>
        <source>Updating the database schema…</source>
        <translation>Datenbankschema wird aktualisiert…</translation>
    </message>
    <message>
        <source>Loading demo data (first start only)…</source>
        <translation>Demodaten werden geladen (nur beim ersten Start)…</translation>
    </message>
    <message>
        <source>Creating the demo staff accounts…</source>
        <translation>Demo-Mitarbeiterkonten werden angelegt…</translation>
    </message>
    <message>
        <source>StockPilot</source>
        <translation>StockPilot</translation>
    </message>
    <message>
        <source>A demo database with sample products, locations and stock was created.

Sign in as clerk, manager or admin; the password is the same as the name.</source>
        <translation>Eine Demodatenbank mit Beispielartikeln, Standorten und Beständen wurde angelegt.

Melden Sie sich als clerk, manager oder admin an; das Passwort ist jeweils der Name.</translation>
    </message>
    <message>
        <source>--screenshot needs --user with a server database.</source>
        <translation>--screenshot braucht bei einer Server-Datenbank --user.</translation>
    </message>
    <message>
        <source>No password for %1: set PGPASSWORD.</source>
        <translation>Kein Passwort für %1: setzen Sie PGPASSWORD.</translation>
    </message>
    <message>
        <source>%1 is not a StockPilot staff member.</source>
        <translation>%1 ist kein StockPilot-Mitarbeiter.</translation>
    </message>
    <message>
        <source>There is no page called &quot;%1&quot;.</source>
        <translation>Es gibt keine Seite namens „%1“.</translation>
    </message>
    <message>
        <source>The stock table did not load within %1 seconds.</source>
        <translation>Die Bestandstabelle wurde nicht innerhalb von %1 Sekunden geladen.</translation>
    </message>
    <message>
        <source>Cannot write the screenshot to %1.</source>
        <translation>Das Bildschirmfoto kann nicht nach %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>Screenshot saved to %1</source>
        <translation>Bildschirmfoto gespeichert unter %1</translation>
    </message>
</context>
<context>
    <name>sp::approvals::ReasonTemplates</name>
    <message>
        <source>no recent sales</source>
        <translation>keine Verkäufe in letzter Zeit</translation>
    </message>
    <message>
        <source>{days:1} days of cover</source>
        <translation>Reichweite {days:1} Tage</translation>
    </message>
    <message>
        <source>{weeks:1} weeks of cover</source>
        <translation>Reichweite {weeks:1} Wochen</translation>
    </message>
    <message>
        <source>{units} units</source>
        <translation>{units} Stück</translation>
    </message>
    <message>
        <source>{location} sells {avg_daily:1}/day; {available} available + {incoming} incoming is {cover}, below the reorder point of {reorder_point} ({lead_time_days}-day lead time, safety stock {safety_stock}). Order {quantity} ({packs} packs of {pack_size}) from {supplier} to reach {order_up_to}.</source>
        <translation>{location} verkauft {avg_daily:1}/Tag; {available} verfügbar + {incoming} im Zulauf: {cover}, unter dem Meldebestand von {reorder_point} ({lead_time_days} Tage Lieferzeit, Sicherheitsbestand {safety_stock}). {quantity} bestellen ({packs} Packungen zu {pack_size}) bei {supplier}, um {order_up_to} zu erreichen.</translation>
    </message>
    <message>
        <source>{location} sells {avg_daily:1}/day, {left} left; {source} has {source_cover} ({source_available} available, {distance_km:1} km away). Transfer {quantity}, keeping {source} at or above its reorder point of {source_reorder_point}.</source>
        <translation>{location} verkauft {avg_daily:1}/Tag, {left} übrig; {source} hat {source_cover} ({source_available} verfügbar, {distance_km:1} km entfernt). {quantity} umlagern; {source} bleibt auf oder über seinem Meldebestand von {source_reorder_point}.</translation>
    </message>
    <message>
        <source>{sku}: {available} units in stock, {cover}; {sell_through:1}% sold in 28 days. Mark down {discount}% ({old_price:2} -&gt; {new_price:2}){limit}.</source>
        <translation>{sku}: {available} Stück auf Lager, {cover}; {sell_through:1} % in 28 Tagen verkauft. Um {discount} % herabsetzen ({old_price:2} -&gt; {new_price:2}){limit}.</translation>
    </message>
    <message>
        <source>, limited from {tier}% by the {margin_floor:0}% margin floor over cost {cost:2}</source>
        <translation>, begrenzt von {tier} % durch die Mindestmarge von {margin_floor:0} % über den Kosten von {cost:2}</translation>
    </message>
    <message>
        <source>The stock of {sku} at {location} differs from its ledger ({figures}). Approving records a ledger correction that accepts the current level; investigate first.</source>
        <translation>Der Bestand von {sku} in {location} weicht von seinem Journal ab ({figures}). Eine Genehmigung bucht eine Journalkorrektur, die den aktuellen Stand übernimmt; zuerst prüfen.</translation>
    </message>
    <message>
        <source>{figure}: level {level}, ledger {ledger}</source>
        <translation>{figure}: Bestand {level}, Journal {ledger}</translation>
    </message>
    <message>
        <source>{sku}: mark down {discount}% ({old_price:2} -&gt; {new_price:2}). {reason}</source>
        <translation>{sku}: um {discount} % herabsetzen ({old_price:2} -&gt; {new_price:2}). {reason}</translation>
    </message>
    <message>
        <source>{days:0} days of cover</source>
        <translation>Reichweite {days:0} Tage</translation>
    </message>
    <message>
        <source>{weeks:0} weeks of cover</source>
        <translation>Reichweite {weeks:0} Wochen</translation>
    </message>
    <message>
        <source>{location} has {available} available and {incoming} on the way, enough for {days} days at {daily:1}/day; nothing to transfer.</source>
        <translation>{location} hat {available} verfügbar und {incoming} unterwegs, genug für {days} Tage bei {daily:1}/Tag; nichts umzulagern.</translation>
    </message>
    <message>
        <source>{location} can spare only {spare} without going below its reorder point of {reorder_point}. </source>
        <translation>{location} kann nur {spare} abgeben, ohne unter seinen Meldebestand von {reorder_point} zu fallen. </translation>
    </message>
    <message>
        <source>{location} {quantity} ({km:0} km, {cover})</source>
        <translation>{location}: {quantity} ({km:0} km, {cover})</translation>
    </message>
    <message>
        <source>{location} sells {daily:1}/day and has {available} available</source>
        <translation>{location} verkauft {daily:1}/Tag und hat {available} verfügbar</translation>
    </message>
    <message>
        <source>{note}No location has {sku} to spare above its reorder point; consider a restock instead. {destination}.</source>
        <translation>{note}Kein Standort hat {sku} über seinem Meldebestand übrig; stattdessen eine Nachbestellung erwägen. {destination}.</translation>
    </message>
    <message>
        <source> Only {planned} of {need} can be moved without taking a source below its reorder point.</source>
        <translation> Nur {planned} von {need} können umgelagert werden, ohne eine Quelle unter ihren Meldebestand zu bringen.</translation>
    </message>
    <message>
        <source>{note}Transfer {quantity} x {sku} to {location} ({destination}): {sources}.{shortfall}</source>
        <translation>{note}{quantity} x {sku} nach {location} umlagern ({destination}): {sources}.{shortfall}</translation>
    </message>
    <message>
        <source> ({wanted} rounded up to whole packs of {pack_size})</source>
        <translation> ({wanted} auf ganze Packungen zu {pack_size} aufgerundet)</translation>
    </message>
    <message>
        <source>the usual supplier</source>
        <translation>dem üblichen Lieferanten</translation>
    </message>
    <message>
        <source>Order {quantity} x {sku} for {location}{rounding} from {supplier}: {quantity} x {unit_cost:2} = {total_cost:2}, arriving in about {lead_time_days} days. {location} sells {daily:1}/day with {available} available and {incoming} on the way.</source>
        <translation>{quantity} x {sku} für {location} bestellen{rounding} bei {supplier}: {quantity} x {unit_cost:2} = {total_cost:2}, Lieferung in etwa {lead_time_days} Tagen. {location} verkauft {daily:1}/Tag, {available} verfügbar und {incoming} unterwegs.</translation>
    </message>
    <message>
        <source>None of the {considered} SKUs in {scope} has more than {min_weeks:0} weeks of cover with room above the margin floor; no promotion needed.</source>
        <translation>Keine der {considered} SKUs in {scope} hat mehr als {min_weeks:0} Wochen Reichweite und Spielraum über der Mindestmarge; keine Aktion nötig.</translation>
    </message>
    <message>
        <source>{low}%</source>
        <translation>{low} %</translation>
    </message>
    <message>
        <source>{low}-{high}%</source>
        <translation>{low}–{high} %</translation>
    </message>
    <message>
        <source>{qualifying} of {considered} SKUs in {scope} qualify (more than {min_weeks:0} weeks of cover); discounts {range} by cover, none below cost + {margin_floor:0}%.{past}{capped}</source>
        <translation>{qualifying} von {considered} SKUs in {scope} kommen infrage (mehr als {min_weeks:0} Wochen Reichweite); Rabatte {range} nach Reichweite, keiner unter Kosten + {margin_floor:0} %.{past}{capped}</translation>
    </message>
    <message>
        <source> Past markdowns sold {uplift}% more per day at {discount}% off on average ({markdowns} observed); {lowered} SKUs get a smaller discount and {raised} a larger one for that response.</source>
        <translation> Frühere Preissenkungen verkauften bei {discount} % Rabatt im Schnitt {uplift} % mehr pro Tag ({markdowns} beobachtet); {lowered} SKUs erhalten deshalb einen kleineren Rabatt und {raised} einen größeren.</translation>
    </message>
    <message>
        <source> {capped} SKUs get less than asked to stay above the margin floor.</source>
        <translation> {capped} SKUs erhalten weniger als gewünscht, um über der Mindestmarge zu bleiben.</translation>
    </message>
    <message>
        <source>A count of {counted} is below the {allocated} units of {sku} already held, sold, in quarantine or damaged at {location}; release or record those first.</source>
        <translation>Eine Zählung von {counted} liegt unter den {allocated} Stück von {sku}, die in {location} bereits reserviert, verkauft, in Quarantäne oder beschädigt sind; diese zuerst freigeben oder buchen.</translation>
    </message>
    <message>
        <source>Set on hand of {sku} at {location} from {on_hand} to {counted} ({delta}): {note}.</source>
        <translation>Bestand von {sku} in {location} von {on_hand} auf {counted} setzen ({delta}): {note}.</translation>
    </message>
    <message>
        <source>{location} sells {avg_daily:1}/day; {available} available + {incoming} incoming is {cover}, below the minimum of {reorder_point} set for it. Order {quantity} ({packs} packs of {pack_size}) from {supplier} to reach its maximum of {order_up_to}.</source>
        <translation>{location} verkauft {avg_daily:1}/Tag; {available} verfügbar + {incoming} im Zulauf: {cover}, unter dem dafür festgelegten Mindestbestand von {reorder_point}. {quantity} bestellen ({packs} Packungen zu {pack_size}) bei {supplier}, um den Höchstbestand von {order_up_to} zu erreichen.</translation>
    </message>
    <message>
        <source>Order {units} units in {lines} line(s) from {supplier} for {location}, {total:2} in all: {items}.{urgent}{minimum}</source>
        <translation>{units} Stück in {lines} Position(en) bei {supplier} für {location} bestellen, insgesamt {total:2}: {items}.{urgent}{minimum}</translation>
    </message>
    <message>
        <source>no supplier named</source>
        <translation>kein Lieferant angegeben</translation>
    </message>
    <message>
        <source>{list} and {more} more</source>
        <translation>{list} und {more} weitere</translation>
    </message>
    <message>
        <source> {count} of them run out before a delivery could arrive.</source>
        <translation> {count} davon sind ausverkauft, bevor eine Lieferung eintreffen kann.</translation>
    </message>
    <message>
        <source> Below {supplier}&apos;s minimum order of {minimum:2}.</source>
        <translation> Unter dem Mindestbestellwert von {supplier} ({minimum:2}).</translation>
    </message>
</context>
<context>
    <name>sp::approvals::Suggestions</name>
    <message>
        <source>Order %1 from %2</source>
        <translation>%1 bei %2 bestellen</translation>
    </message>
    <message>
        <source>Transfer %1 from %2</source>
        <translation>%1 von %2 umlagern</translation>
    </message>
    <message>
        <source>Count %1 on hand (was %2): %3</source>
        <translation>Gezählter Bestand %1 (bisher %2): %3</translation>
    </message>
    <message>
        <source>Mark down %1 % (%2 -&gt; %3)</source>
        <translation>Preis um %1 % reduzieren (%2 -&gt; %3)</translation>
    </message>
    <message>
        <source>Accept the level and correct the ledger</source>
        <translation>Bestand übernehmen und Buchungen korrigieren</translation>
    </message>
    <message numerus="yes">
        <source>Order %1 in %n line(s) from %2</source>
        <translation>
            <numerusform>%1 in %n Position bei %2 bestellen</numerusform>
            <numerusform>%1 in %n Positionen bei %2 bestellen</numerusform>
        </translation>
    </message>
    <message>
        <source>no supplier named</source>
        <translation>kein Lieferant angegeben</translation>
    </message>
</context>
<context>
    <name>sp::catalog::CsvExporter</name>
    <message>
        <source>Cannot write the export: %1</source>
        <translation>Der Export kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Sales cannot be exported as a file.</source>
        <translation>Verkäufe lassen sich nicht als Datei exportieren.</translation>
    </message>
</context>
<context>
    <name>sp::catalog::CsvImporter</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The file is empty. Its first line must name the columns: %1.</source>
        <translation>Die Datei ist leer. Ihre erste Zeile muss die Spalten benennen: %1.</translation>
    </message>
    <message>
        <source>missing column(s) %1</source>
        <translation>fehlende Spalte(n) %1</translation>
    </message>
    <message>
        <source>unknown column(s) %1</source>
        <translation>unbekannte Spalte(n) %1</translation>
    </message>
    <message>
        <source>column(s) named twice: %1</source>
        <translation>doppelt benannte Spalte(n): %1</translation>
    </message>
    <message>
        <source>The header does not fit a %1 file: %2. The columns are: %3.</source>
        <translation>Die Kopfzeile passt nicht zu einer %1-Datei: %2. Die Spalten sind: %3.</translation>
    </message>
    <message>
        <source>This line has %1 field(s), the header has %2.</source>
        <translation>Diese Zeile hat %1 Feld(er), die Kopfzeile hat %2.</translation>
    </message>
    <message>
        <source>The %1 field is not valid UTF-8 text.</source>
        <translation>Das Feld %1 ist kein gültiger UTF-8-Text.</translation>
    </message>
    <message>
        <source>The %1 is empty.</source>
        <translation>Das Feld %1 ist leer.</translation>
    </message>
    <message>
        <source>The %1 must be a number with at most two decimals, like 19.90 (got &quot;%2&quot;).</source>
        <translation>Das Feld %1 muss eine Zahl mit höchstens zwei Nachkommastellen sein, etwa 19.90 (erhalten: „%2“).</translation>
    </message>
    <message>
        <source>The %1 must be a whole number (got &quot;%2&quot;).</source>
        <translation>Das Feld %1 muss eine ganze Zahl sein (erhalten: „%2“).</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was changed.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>sp::catalog::CsvReader</name>
    <message>
        <source>A quoted field that starts here is never closed.</source>
        <translation>Ein hier beginnendes Feld in Anführungszeichen wird nie geschlossen.</translation>
    </message>
    <message>
        <source>Unexpected text after a closing quote (a quote inside a field is written as two quotes).</source>
        <translation>Unerwarteter Text nach einem schließenden Anführungszeichen (ein Anführungszeichen innerhalb eines Feldes wird doppelt geschrieben).</translation>
    </message>
    <message>
        <source>A quote inside an unquoted field: put the field in quotes and double the quote.</source>
        <translation>Ein Anführungszeichen in einem Feld ohne Anführungszeichen: Setzen Sie das Feld in Anführungszeichen und verdoppeln Sie das Anführungszeichen.</translation>
    </message>
</context>
<context>
    <name>sp::db</name>
    <message>
        <source>embedded database in %1</source>
        <translation>eingebettete Datenbank in %1</translation>
    </message>
</context>
<context>
    <name>sp::db::CredentialStore</name>
    <message>
        <source>The system keychain is not available.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar.</translation>
    </message>
</context>
<context>
    <name>sp::db::EmbeddedCluster</name>
    <message>
        <source>Cannot hand %1 to the postgres account.</source>
        <translation>%1 kann nicht an das Konto „postgres“ übergeben werden.</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>%1 kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 wurde nicht rechtzeitig beendet.</translation>
    </message>
    <message>
        <source>PostgreSQL is not installed (no initdb found). Install the &quot;postgresql&quot; package, or configure a database server.</source>
        <translation>PostgreSQL ist nicht installiert (kein initdb gefunden). Installieren Sie das Paket „postgresql“ oder richten Sie einen Datenbankserver ein.</translation>
    </message>
    <message>
        <source>Running as root needs the &quot;postgres&quot; account to run the database server; it does not exist on this system.</source>
        <translation>Beim Start als root wird das Konto „postgres“ für den Datenbankserver benötigt; es existiert auf diesem System nicht.</translation>
    </message>
    <message>
        <source>Cannot create the directory %1.</source>
        <translation>Das Verzeichnis %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Creating the database cluster failed:
%1</source>
        <translation>Das Anlegen des Datenbank-Clusters ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>The embedded database server did not start.
%1
%2</source>
        <translation>Der eingebettete Datenbankserver ist nicht gestartet.
%1
%2</translation>
    </message>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation>Das Datenverzeichnis %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Another program keeps the database in %1 locked.</source>
        <translation>Ein anderes Programm hält die Datenbank in %1 gesperrt.</translation>
    </message>
    <message>
        <source>The database in %1 belongs to the account &quot;%2&quot;. Run this program as that account, for example: sudo -u %2 ...</source>
        <translation>Die Datenbank in %1 gehört dem Konto „%2“. Starten Sie dieses Programm unter diesem Konto, zum Beispiel: sudo -u %2 ...</translation>
    </message>
</context>
<context>
    <name>sp::db::Migrator</name>
    <message>
        <source>The database has migration %1 (%2), which this program does not know: the database was set up by a newer StockPilot. Install that version.</source>
        <translation>Die Datenbank enthält die Migration %1 (%2), die dieses Programm nicht kennt: Die Datenbank wurde von einer neueren StockPilot-Version eingerichtet. Installieren Sie diese Version.</translation>
    </message>
    <message>
        <source>Migration %1 was changed after it was applied to this database (checksum %2 in the database, %3 in the program). Released migrations must never be edited: restore the original file, or add a new migration instead.</source>
        <translation>Migration %1 wurde geändert, nachdem sie auf diese Datenbank angewendet wurde (Prüfsumme %2 in der Datenbank, %3 im Programm). Veröffentlichte Migrationen dürfen nie bearbeitet werden: Stellen Sie die ursprüngliche Datei wieder her oder fügen Sie stattdessen eine neue Migration hinzu.</translation>
    </message>
    <message>
        <source>Migration %1 failed: %2</source>
        <translation>Migration %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The database was set up by a development build of StockPilot, with the migrations from before they were folded into one baseline, and its migration %1 differs from the one this program knows, so its schema may not be the baseline&apos;s. Create a new database (export the data with that build first). Nothing was changed.</source>
        <translation>Die Datenbank wurde von einer Entwicklungsversion von StockPilot mit den Migrationen von vor ihrer Zusammenfassung zu einer Grundversion angelegt, und ihre Migration %1 weicht von der ab, die dieses Programm kennt; ihr Schema entspricht daher womöglich nicht der Grundversion. Legen Sie eine neue Datenbank an (exportieren Sie die Daten vorher mit jener Version). Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>The database was set up by a development build of StockPilot, with the migrations from before they were folded into one baseline, and stops at migration %1 (%2). This program can take over such a database only when it has all of them, up to %3: upgrade it first with a build from before the baseline and start this one again, or create a new database. Nothing was changed.</source>
        <translation>Die Datenbank wurde von einer Entwicklungsversion von StockPilot mit den Migrationen von vor ihrer Zusammenfassung zu einer Grundversion angelegt und endet bei Migration %1 (%2). Dieses Programm kann eine solche Datenbank nur übernehmen, wenn sie alle bis %3 hat: Bringen Sie sie zuerst mit einer Version von vor der Grundversion auf den neuesten Stand und starten Sie dieses Programm erneut, oder legen Sie eine neue Datenbank an. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Function file %1 failed: %2</source>
        <translation>Die Funktionsdatei %1 ist fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>sp::llm::LlmClient</name>
    <message>
        <source>The language model did not answer within %1 s.</source>
        <translation>Das Sprachmodell hat nicht innerhalb von %1 s geantwortet.</translation>
    </message>
    <message>
        <source>The language model server answered HTTP %1.</source>
        <translation>Der Sprachmodell-Server antwortete mit HTTP %1.</translation>
    </message>
    <message>
        <source>The language model&apos;s answer was not a chat completion.</source>
        <translation>Die Antwort des Sprachmodells war keine Chat-Completion.</translation>
    </message>
    <message>
        <source>No language model is configured.</source>
        <translation>Es ist kein Sprachmodell eingerichtet.</translation>
    </message>
</context>
<context>
    <name>sp::models::DeadLettersModel</name>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Last answer</source>
        <translation>Letzte Antwort</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
</context>
<context>
    <name>sp::models::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>sp::models::FulfilmentPlanModel</name>
    <message>
        <source>%1 (chosen)</source>
        <translation>%1 (gewählt)</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1: …</source>
        <translation>%1: …</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Ships from</source>
        <translation>Versand ab</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Entfernung</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Available now</source>
        <translation>Jetzt verfügbar</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>sp::models::HoldsModel</name>
    <message>
        <source>(partner %1)</source>
        <translation>(Partner %1)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>Läuft ab in</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
</context>
<context>
    <name>sp::models::InboxModel</name>
    <message>
        <source>Restock</source>
        <translation>Nachbestellung</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Umlagerung</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Preisreduzierung</translation>
    </message>
    <message>
        <source>Ledger audit</source>
        <translation>Buchungsprüfung</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n Min.</numerusform>
            <numerusform>%n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>Alle Standorte</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Worded by the language model from the numbers (checked).</source>
        <translation>Vom Sprachmodell aus den Kennzahlen formuliert (geprüft).</translation>
    </message>
    <message>
        <source>Worded by the template from the numbers.</source>
        <translation>Von der Vorlage aus den Kennzahlen formuliert.</translation>
    </message>
    <message>
        <source>Worded by the template from the numbers. %1</source>
        <translation>Von der Vorlage aus den Kennzahlen formuliert. %1</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Requested by %1</source>
        <translation>Angefragt von %1</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Purchase</source>
        <translation>Einkauf</translation>
    </message>
    <message numerus="yes">
        <source>%n SKU(s)</source>
        <translation>
            <numerusform>%n Artikel</numerusform>
            <numerusform>%n Artikel</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sp::models::JobRunsModel</name>
    <message numerus="yes">
        <source>every %n day(s)</source>
        <translation>
            <numerusform>jeden Tag</numerusform>
            <numerusform>alle %n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every %n hour(s)</source>
        <translation>
            <numerusform>jede Stunde</numerusform>
            <numerusform>alle %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>jede Minute</numerusform>
            <numerusform>alle %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>every %n second(s)</source>
        <translation>
            <numerusform>jede Sekunde</numerusform>
            <numerusform>alle %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Never ran</source>
        <translation>Noch nie gelaufen</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Anzahlen</translation>
    </message>
    <message>
        <source>Next due</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>sp::models::LedgerModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Zugesagt</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Im Zulauf</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>sp::models::LlmCallsModel</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>Server error</source>
        <translation>Serverfehler</translation>
    </message>
    <message>
        <source>Network error</source>
        <translation>Netzwerkfehler</translation>
    </message>
    <message>
        <source>Bad reply</source>
        <translation>Ungültige Antwort</translation>
    </message>
    <message>
        <source>Not configured</source>
        <translation>Nicht eingerichtet</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Zweck</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Antwortzeit</translation>
    </message>
    <message>
        <source>Tokens (prompt + reply)</source>
        <translation>Tokens (Prompt + Antwort)</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
</context>
<context>
    <name>sp::models::LocationsModel</name>
    <message>
        <source>warehouse</source>
        <translation>Lager</translation>
    </message>
    <message>
        <source>store</source>
        <translation>Filiale</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>Out of use: the agent&apos;s rules pass this location by.</source>
        <translation>Außer Betrieb: Die Regeln des Agenten übergehen diesen Standort.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Breitengrad</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Längengrad</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In Betrieb</translation>
    </message>
</context>
<context>
    <name>sp::models::OrdersModel</name>
    <message>
        <source>%1 × %2 from %3</source>
        <translation>%1 × %2 ab %3</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ships</source>
        <translation>Versand</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>%1 × %2 from %3 (%4 shipped)</source>
        <translation>%1 × %2 ab %3 (%4 versandt)</translation>
    </message>
</context>
<context>
    <name>sp::models::PurchaseOrdersModel</name>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>partly received</source>
        <translation>teilweise geliefert</translation>
    </message>
    <message>
        <source>received</source>
        <translation>geliefert</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>Closed by %1: %2</source>
        <translation>Abgeschlossen von %1: %2</translation>
    </message>
    <message>
        <source>(no supplier)</source>
        <translation>(kein Lieferant)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Lieferant</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>Lieferung an</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Units received</source>
        <translation>Gelieferte Einheiten</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Gesamtkosten</translation>
    </message>
</context>
<context>
    <name>sp::models::ReorderPoliciesModel</name>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Geändert von</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>Geändert am</translation>
    </message>
</context>
<context>
    <name>sp::models::StockDetailModel</name>
    <message>
        <source>%1 is not carried at %2.</source>
        <translation>%1 wird in %2 nicht geführt.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Zugesagt</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Im Zulauf</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Quarantäne</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Reorder point</source>
        <translation>Meldebestand</translation>
    </message>
</context>
<context>
    <name>sp::models::StockTableModel</name>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>%1 is not carried at %2.</source>
        <translation>%1 wird in %2 nicht geführt.</translation>
    </message>
    <message>
        <source>%1 at %2
Available %3 (reorder point %4)
On hand %5, reserved %6, committed %7
Incoming %8, quarantine %9, damaged %10</source>
        <translation>%1 in %2
Verfügbar %3 (Meldebestand %4)
Bestand %5, reserviert %6, zugesagt %7
Im Zulauf %8, Quarantäne %9, beschädigt %10</translation>
    </message>
    <message>
        <source>%1 units available at %2 locations</source>
        <translation>%1 Einheiten verfügbar an %2 Standorten</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>%1 (%2): available units</source>
        <translation>%1 (%2): verfügbare Einheiten</translation>
    </message>
    <message>
        <source>Available units at all locations</source>
        <translation>Verfügbare Einheiten an allen Standorten</translation>
    </message>
</context>
<context>
    <name>sp::models::SuppliersModel</name>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Lead time (days)</source>
        <translation>Lieferzeit (Tage)</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Minimum order</source>
        <translation>Mindestbestellwert</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Artikel</translation>
    </message>
</context>
<context>
    <name>sp::models::TransfersModel</name>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>Versandt am %1</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Umlagerung</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>On the way</source>
        <translation>Unterwegs seit</translation>
    </message>
    <message>
        <source>Sent by</source>
        <translation>Versandt von</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>sp::staff::Session</name>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Filialleitung</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Mitarbeiter</translation>
    </message>
</context>
<context>
    <name>sp::staffrequests::RequestFiler</name>
    <message numerus="yes">
        <source>Mark down %n SKU(s): %1</source>
        <translation>
            <numerusform>Preis von %n Artikel reduzieren: %1</numerusform>
            <numerusform>Preis von %n Artikeln reduzieren: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing can be filed: %1</source>
        <translation>Es kann nichts eingereicht werden: %1</translation>
    </message>
</context>
<context>
    <name>sp::staffrequests::RequestPreview</name>
    <message>
        <source>Transfer %1 x %2 to %3 from %4</source>
        <translation>%1 x %2 von %4 nach %3 umlagern</translation>
    </message>
    <message>
        <source>Order %1 x %2 for %3 from %4 (%5 in all)</source>
        <translation>%1 x %2 für %3 bei %4 bestellen (%5 insgesamt)</translation>
    </message>
    <message>
        <source>Set the count of %1 at %2 to %3 (%4)</source>
        <translation>Bestand von %1 in %2 auf %3 setzen (%4)</translation>
    </message>
</context>
<context>
    <name>sp::staffrequests::RequestReader</name>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>die Antwort ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>field &quot;%1&quot; is not a text of at most %2 characters</source>
        <translation>Feld „%1“ ist kein Text mit höchstens %2 Zeichen</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;</source>
        <translation>unbekanntes Feld „%1“</translation>
    </message>
    <message>
        <source>field &quot;kind&quot; must be transfer, adjustment, restock or promotion</source>
        <translation>Feld „kind“ muss transfer, adjustment, restock oder promotion sein</translation>
    </message>
    <message>
        <source>field &quot;quantity&quot; must be a whole number from 0 to 1,000,000</source>
        <translation>Feld „quantity“ muss eine ganze Zahl von 0 bis 1.000.000 sein</translation>
    </message>
    <message>
        <source>field &quot;discount_percent&quot; must be a number from 0 to 90</source>
        <translation>Feld „discount_percent“ muss eine Zahl von 0 bis 90 sein</translation>
    </message>
    <message>
        <source>field &quot;from_location&quot; names no known location (&quot;%1&quot;)</source>
        <translation>Feld „from_location“ nennt keinen bekannten Standort („%1“)</translation>
    </message>
    <message>
        <source>field &quot;location&quot; names no known location (&quot;%1&quot;)</source>
        <translation>Feld „location“ nennt keinen bekannten Standort („%1“)</translation>
    </message>
    <message>
        <source>field &quot;category&quot; names no known category (&quot;%1&quot;)</source>
        <translation>Feld „category“ nennt keine bekannte Kategorie („%1“)</translation>
    </message>
    <message>
        <source>field &quot;sku&quot; is missing</source>
        <translation>Feld „sku“ fehlt</translation>
    </message>
    <message>
        <source>field &quot;location&quot; is missing</source>
        <translation>Feld „location“ fehlt</translation>
    </message>
    <message>
        <source>a promotion needs a category or a SKU</source>
        <translation>eine Aktion braucht eine Kategorie oder eine Artikelnummer</translation>
    </message>
    <message>
        <source>an adjustment needs a reason</source>
        <translation>eine Bestandskorrektur braucht einen Grund</translation>
    </message>
    <message>
        <source>Language model not used: %1</source>
        <translation>Sprachmodell nicht verwendet: %1</translation>
    </message>
    <message>
        <source>The language model&apos;s answer was rejected: %1.</source>
        <translation>Die Antwort des Sprachmodells wurde verworfen: %1.</translation>
    </message>
    <message>
        <source>The language model&apos;s answer was rejected: field &quot;%1&quot; is not in the request.</source>
        <translation>Die Antwort des Sprachmodells wurde verworfen: Feld „%1“ kommt in der Anfrage nicht vor.</translation>
    </message>
</context>
<context>
    <name>sp::views::AgentPages</name>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>&amp;Agent</source>
        <translation>&amp;Agent</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Posteingang</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>&amp;Notification Preferences…</source>
        <translation>&amp;Benachrichtigungseinstellungen…</translation>
    </message>
    <message>
        <source>&amp;Dead Webhook Deliveries…</source>
        <translation>&amp;Unzustellbare Webhook-Nachrichten…</translation>
    </message>
</context>
<context>
    <name>sp::views::CsvTransfer</name>
    <message>
        <source>products</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>stock counts</source>
        <translation>Bestandszählungen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>StockPilot</source>
        <translation>StockPilot</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>CSV importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>%1 wird importiert</translation>
    </message>
    <message>
        <source>Importing %1 from %2…</source>
        <translation>%1 werden aus %2 importiert…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed.</source>
        <translation>Import abgebrochen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Importing needs a manager.</source>
        <translation>Importieren ist der Filialleitung vorbehalten.</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>%1 werden exportiert</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>%1 werden exportiert…</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>Export abgebrochen.</translation>
    </message>
    <message>
        <source>%1 rows written…</source>
        <translation>%1 Zeilen geschrieben…</translation>
    </message>
    <message>
        <source>Imported %1 rows of %2; %3 changed.</source>
        <translation>%1 Zeilen %2 importiert; %3 geändert.</translation>
    </message>
    <message>
        <source>Exported %1 rows of %2 to %3.</source>
        <translation>%1 Zeilen %2 nach %3 exportiert.</translation>
    </message>
    <message>
        <source>suppliers</source>
        <translation>Lieferanten</translation>
    </message>
    <message>
        <source>locations</source>
        <translation>Standorte</translation>
    </message>
    <message>
        <source>reorder policies</source>
        <translation>Bestellregeln</translation>
    </message>
    <message>
        <source>Line 1: this is not a file StockPilot imports. Its first line names the columns: products (sku,name,category,…), stock counts (sku,location,on_hand), suppliers (name,lead_time_days,…), locations (code,name,kind,…) or reorder policies (sku,location,min,max).</source>
        <translation>Zeile 1: Diese Datei kann StockPilot nicht importieren. Ihre erste Zeile benennt die Spalten: Artikel (sku,name,category,…), Bestandszählungen (sku,location,on_hand), Lieferanten (name,lead_time_days,…), Standorte (code,name,kind,…) oder Bestellregeln (sku,location,min,max).</translation>
    </message>
    <message>
        <source>%1 is a file of %2, not of %3; nothing was imported. Its first line names the columns, for %3: %4.</source>
        <translation>%1 ist eine Datei mit %2, nicht mit %3; es wurde nichts importiert. Ihre erste Zeile nennt die Spalten, für %3: %4.</translation>
    </message>
</context>
<context>
    <name>sp::views::CustomerPages</name>
    <message>
        <source>Holds</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <source>Customer &amp;Endpoint…</source>
        <translation>&amp;Kundenschnittstelle…</translation>
    </message>
</context>
<context>
    <name>sp::views::DeadLettersDialog</name>
    <message>
        <source>&amp;Requeue</source>
        <translation>&amp;Erneut einreihen</translation>
    </message>
    <message>
        <source>Dead Webhook Deliveries</source>
        <translation>Unzustellbare Webhook-Nachrichten</translation>
    </message>
    <message>
        <source>Send the selected items again, from the first attempt</source>
        <translation>Die ausgewählten Einträge erneut senden, ab dem ersten Versuch</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Webhook items that failed on every attempt. Fix the endpoint, then requeue them.</source>
        <translation>Webhook-Nachrichten, die bei jedem Versuch fehlgeschlagen sind. Beheben Sie das Problem am Endpunkt und reihen Sie sie dann erneut ein.</translation>
    </message>
    <message>
        <source>No dead letters: every webhook was delivered or is still being tried.</source>
        <translation>Keine unzustellbaren Webhook-Nachrichten: Jeder Webhook wurde zugestellt oder wird noch versucht.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) queued again.</source>
        <translation>
            <numerusform>%n Eintrag erneut eingereiht.</numerusform>
            <numerusform>%n Einträge erneut eingereiht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queuing %n item(s) again…</source>
        <translation>
            <numerusform>%n Eintrag wird erneut eingereiht…</numerusform>
            <numerusform>%n Einträge werden erneut eingereiht…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sp::views::EndpointControl</name>
    <message>
        <source>&quot;%1&quot; is not an IP address.</source>
        <translation>„%1“ ist keine IP-Adresse.</translation>
    </message>
    <message>
        <source>cannot listen on %1</source>
        <translation>kann nicht auf %1 lauschen</translation>
    </message>
    <message>
        <source>Endpoint: %1: %2</source>
        <translation>Kundenschnittstelle: %1: %2</translation>
    </message>
    <message>
        <source>Endpoint: off</source>
        <translation>Kundenschnittstelle: aus</translation>
    </message>
    <message>
        <source>Endpoint: not running</source>
        <translation>Kundenschnittstelle: läuft nicht</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>Kundenschnittstelle: %1</translation>
    </message>
    <message>
        <source>Endpoint: starting on %1</source>
        <translation>Kundenschnittstelle: wird auf %1 gestartet</translation>
    </message>
</context>
<context>
    <name>sp::views::EndpointSettingsDialog</name>
    <message>
        <source>&amp;Serve customers&apos; carts and partner services from this program</source>
        <translation>Warenkörbe der Kunden und Partnerdienste über dieses Programm &amp;bereitstellen</translation>
    </message>
    <message>
        <source>Customer endpoint</source>
        <translation>Kundenschnittstelle</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only; 0.0.0.0: every network interface</source>
        <translation>127.0.0.1: nur dieser Computer; 0.0.0.0: alle Netzwerkschnittstellen</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address (for example 127.0.0.1).</source>
        <translation>„%1“ ist keine IP-Adresse (zum Beispiel 127.0.0.1).</translation>
    </message>
</context>
<context>
    <name>sp::views::ErrorText</name>
    <message>
        <source>An unexpected error occurred.</source>
        <translation>Ein unerwarteter Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <source>The database server at %1 cannot be reached. Check that it is running and the server settings are right.

Details: %2</source>
        <translation>Der Datenbankserver %1 ist nicht erreichbar. Prüfen Sie, ob er läuft und die Servereinstellungen stimmen.

Einzelheiten: %2</translation>
    </message>
    <message>
        <source>The database cannot be reached right now (%1). Nothing was changed; try again when the connection is back.</source>
        <translation>Die Datenbank ist gerade nicht erreichbar (%1). Es wurde nichts geändert; versuchen Sie es erneut, sobald die Verbindung wieder steht.</translation>
    </message>
    <message>
        <source>The database refused: %1</source>
        <translation>Von der Datenbank abgelehnt: %1</translation>
    </message>
    <message>
        <source>The database refused: %1 %2</source>
        <translation>Von der Datenbank abgelehnt: %1 %2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Someone else was first: %1</source>
        <translation>Jemand anderes war schneller: %1</translation>
    </message>
    <message>
        <source>This suggestion no longer exists: %1</source>
        <translation>Diesen Vorschlag gibt es nicht mehr: %1</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>sp::views::EventLogPage</name>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Von</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Bis</translation>
    </message>
    <message>
        <source>Every type</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <source>&amp;SKU:</source>
        <translation>&amp;Artikelnr.:</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Event %1 · %2 · %3

</source>
        <translation>Ereignis %1 · %2 · %3

</translation>
    </message>
</context>
<context>
    <name>sp::views::HoldsPage</name>
    <message>
        <source>E&amp;xtend…</source>
        <translation>&amp;Verlängern…</translation>
    </message>
    <message>
        <source>&amp;Release…</source>
        <translation>&amp;Freigeben…</translation>
    </message>
    <message>
        <source>Filter by SKU or cart</source>
        <translation>Nach Artikelnr. oder Warenkorb filtern</translation>
    </message>
    <message numerus="yes">
        <source>%n live hold(s)</source>
        <translation>
            <numerusform>%n aktive Reservierung</numerusform>
            <numerusform>%n aktive Reservierungen</numerusform>
        </translation>
    </message>
    <message>
        <source>The holds could not be read: %1</source>
        <translation>Die Reservierungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Reservierungen</translation>
    </message>
    <message>
        <source>Extend hold</source>
        <translation>Reservierung verlängern</translation>
    </message>
    <message>
        <source>Keep %1 × %2 at %3 reserved longer.</source>
        <translation>%1 × %2 in %3 länger reserviert halten.</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>&amp;Extend by:</source>
        <translation>&amp;Verlängern um:</translation>
    </message>
    <message numerus="yes">
        <source>Hold of %1 × %2 at %3 extended by %n minute(s).</source>
        <translation>
            <numerusform>Reservierung von %1 × %2 in %3 um %n Minute verlängert.</numerusform>
            <numerusform>Reservierung von %1 × %2 in %3 um %n Minuten verlängert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your account may not extend holds.</source>
        <translation>Ihr Konto darf keine Reservierungen verlängern.</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Reservierung freigeben</translation>
    </message>
    <message>
        <source>Release %1 × %2 at %3 now: the units become available again and the customer&apos;s cart loses them.</source>
        <translation>%1 × %2 in %3 jetzt freigeben: Die Einheiten sind wieder verfügbar und verschwinden aus dem Warenkorb des Kunden.</translation>
    </message>
    <message>
        <source>Released %1 × %2 at %3.</source>
        <translation>%1 × %2 in %3 freigegeben.</translation>
    </message>
    <message>
        <source>Your account may not release holds.</source>
        <translation>Ihr Konto darf keine Reservierungen freigeben.</translation>
    </message>
</context>
<context>
    <name>sp::views::InboxPage</name>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>Approve the selected suggestions as proposed</source>
        <translation>Die ausgewählten Vorschläge unverändert genehmigen</translation>
    </message>
    <message>
        <source>&amp;Modify…</source>
        <translation>Ä&amp;ndern…</translation>
    </message>
    <message>
        <source>Change the quantity, source or discount, then approve</source>
        <translation>Menge, Quellstandort oder Rabatt ändern und dann genehmigen</translation>
    </message>
    <message>
        <source>&amp;Reject…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <source>Reject the selected suggestions with a reason</source>
        <translation>Die ausgewählten Vorschläge mit Begründung ablehnen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Load the inbox again</source>
        <translation>Den Posteingang neu laden</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n</source>
        <translation>
            <numerusform>&amp;Genehmigen (%n)</numerusform>
            <numerusform>&amp;Genehmigen (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n offen</numerusform>
            <numerusform>%n offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n high priority</source>
        <translation>
            <numerusform>%n mit hoher Priorität</numerusform>
            <numerusform>%n mit hoher Priorität</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a suggestion to see its numbers and history.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie einen Vorschlag, um seine Kennzahlen und seinen Verlauf zu sehen.&lt;/p&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;p&gt;%n suggestions selected.&lt;/p&gt;</source>
        <translation>
            <numerusform>&lt;p&gt;%n Vorschlag ausgewählt.&lt;/p&gt;</numerusform>
            <numerusform>&lt;p&gt;%n Vorschläge ausgewählt.&lt;/p&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>Alle Standorte</translation>
    </message>
    <message>
        <source>Location %1</source>
        <translation>Standort %1</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quellstandort</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>Vorgeschlagen</translation>
    </message>
    <message>
        <source>Last refreshed</source>
        <translation>Zuletzt aktualisiert</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Kennzahlen</translation>
    </message>
    <message>
        <source>History of this SKU</source>
        <translation>Verlauf dieses Artikels</translation>
    </message>
    <message numerus="yes">
        <source>Deciding %n suggestion(s)…</source>
        <translation>
            <numerusform>%n Vorschlag wird entschieden…</numerusform>
            <numerusform>%n Vorschläge werden entschieden…</numerusform>
        </translation>
    </message>
    <message>
        <source>Suggestion %1 was approved but could not be carried out: %2</source>
        <translation>Vorschlag %1 wurde genehmigt, konnte aber nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>Suggestion %1 rejected.</source>
        <translation>Vorschlag %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Suggestion %1 approved and carried out.</source>
        <translation>Vorschlag %1 genehmigt und ausgeführt.</translation>
    </message>
    <message>
        <source>Suggestion %1: %2</source>
        <translation>Vorschlag %1: %2</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>No supplier named</source>
        <translation>Kein Lieferant angegeben</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>admins</source>
        <translation>Administratoren</translation>
    </message>
    <message>
        <source>managers</source>
        <translation>Filialleitungen</translation>
    </message>
    <message>
        <source>clerks</source>
        <translation>Mitarbeitende</translation>
    </message>
    <message>
        <source>%1 up to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>Who may decide it (%1): %2.</source>
        <translation>Wer darüber entscheiden darf (%1): %2.</translation>
    </message>
</context>
<context>
    <name>sp::views::JobIntervalDialog</name>
    <message>
        <source>&amp;Run this job on its schedule</source>
        <translation>Aufgabe nach &amp;Zeitplan ausführen</translation>
    </message>
    <message>
        <source>Interval of %1</source>
        <translation>Intervall von %1</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <source>A job that is switched off runs only when someone presses &quot;Run now&quot;.</source>
        <translation>Eine ausgeschaltete Aufgabe läuft nur, wenn jemand „Jetzt ausführen“ drückt.</translation>
    </message>
    <message>
        <source>Run &amp;every</source>
        <translation>&amp;Ausführen alle</translation>
    </message>
    <message>
        <source>Every running StockPilot program follows the new schedule.</source>
        <translation>Jedes laufende StockPilot-Programm folgt dem neuen Zeitplan.</translation>
    </message>
</context>
<context>
    <name>sp::views::JobsPage</name>
    <message>
        <source>&amp;Run now</source>
        <translation>&amp;Jetzt ausführen</translation>
    </message>
    <message>
        <source>Run the selected job now, whatever its interval (%1)</source>
        <translation>Die ausgewählte Aufgabe jetzt ausführen, unabhängig von ihrem Intervall (%1)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>This program does not run the job &quot;%1&quot;.</source>
        <translation>Dieses Programm führt die Aufgabe „%1“ nicht aus.</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>%1 wird ausgeführt…</translation>
    </message>
    <message>
        <source>%1 finished: %2</source>
        <translation>%1 abgeschlossen: %2</translation>
    </message>
    <message>
        <source>%1 was skipped: another instance is running it right now.</source>
        <translation>%1 wurde übersprungen: Eine andere Instanz führt die Aufgabe gerade aus.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>&amp;Interval…</source>
        <translation>&amp;Intervall…</translation>
    </message>
    <message>
        <source>Change how often the selected job runs, or switch it off</source>
        <translation>Ändern, wie oft die ausgewählte Aufgabe läuft, oder sie ausschalten</translation>
    </message>
    <message>
        <source>%1 now runs %2.</source>
        <translation>%1 läuft jetzt %2.</translation>
    </message>
    <message>
        <source>%1 is switched off; it runs only on &quot;Run now&quot;.</source>
        <translation>%1 ist ausgeschaltet; die Aufgabe läuft nur über „Jetzt ausführen“.</translation>
    </message>
    <message>
        <source>Only managers and admins change job intervals.</source>
        <translation>Nur die Filialleitung und Administratoren ändern Aufgabenintervalle.</translation>
    </message>
    <message>
        <source>Saving the schedule of %1…</source>
        <translation>Zeitplan von %1 wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>sp::views::LlmSettingsDialog</name>
    <message>
        <source>the system keychain is not available</source>
        <translation>der Schlüsselbund des Systems ist nicht verfügbar</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>&amp;Forget key</source>
        <translation>Schlüssel &amp;vergessen</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>Sprachmodell</translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8080 (empty: no language model)</source>
        <translation>z. B. http://127.0.0.1:8080 (leer: kein Sprachmodell)</translation>
    </message>
    <message>
        <source>Any server with an OpenAI-compatible /v1/chat/completions: llama.cpp, Ollama, vLLM or a hosted service.</source>
        <translation>Jeder Server mit einem OpenAI-kompatiblen /v1/chat/completions: llama.cpp, Ollama, vLLM oder ein gehosteter Dienst.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>unchanged (in the keychain)</source>
        <translation>unverändert (im Schlüsselbund)</translation>
    </message>
    <message>
        <source>The key is kept in the system keychain, never in a settings file.</source>
        <translation>Der Schlüssel wird im Schlüsselbund des Systems aufbewahrt, nie in einer Einstellungsdatei.</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>Server-&amp;URL:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>T&amp;ime-out:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>The language model only words things: it reads free-text requests (checked against your own words), explains suggestions from their numbers and rewords customer messages. It never decides or changes anything, and without it templates and the rule-based reader are used.</source>
        <translation>Das Sprachmodell formuliert nur: Es liest Freitext-Anfragen (geprüft anhand Ihres eigenen Wortlauts), erklärt Vorschläge aus ihren Kennzahlen und formuliert Kundennachrichten um. Es entscheidet oder ändert nie etwas; ohne Sprachmodell werden Vorlagen und die regelbasierte Auswertung verwendet.</translation>
    </message>
    <message>
        <source>The call log cannot be shown: %1</source>
        <translation>Das Aufrufprotokoll kann nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Recent calls:</source>
        <translation>Letzte Aufrufe:</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an http:// or https:// address with a host.</source>
        <translation>„%1“ ist keine http://- oder https://-Adresse mit Host.</translation>
    </message>
    <message>
        <source>Name the model the server should use.</source>
        <translation>Geben Sie das Modell an, das der Server verwenden soll.</translation>
    </message>
    <message>
        <source>No server is set: the templates and the rule-based reader are used.</source>
        <translation>Kein Server eingetragen: Die Vorlagen und die regelbasierte Auswertung werden verwendet.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>Connected: %1 answered in %2 ms.</source>
        <translation>Verbunden: %1 hat in %2 ms geantwortet.</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>das Modell</translation>
    </message>
    <message>
        <source>Not working: %1</source>
        <translation>Funktioniert nicht: %1</translation>
    </message>
    <message>
        <source>Not tested: %1</source>
        <translation>Nicht getestet: %1</translation>
    </message>
    <message>
        <source>No key is stored for this server.</source>
        <translation>Für diesen Server ist kein Schlüssel gespeichert.</translation>
    </message>
    <message>
        <source>The key could not be removed: %1</source>
        <translation>Der Schlüssel konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>Storing the key in the system keychain…</source>
        <translation>Der Schlüssel wird im Schlüsselbund des Systems gespeichert…</translation>
    </message>
    <message>
        <source>Saved; the key is in the system keychain.</source>
        <translation>Gespeichert; der Schlüssel liegt im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>in use until you quit (not stored)</source>
        <translation>in Verwendung bis zum Beenden (nicht gespeichert)</translation>
    </message>
    <message>
        <source>Settings saved, but the key was not stored: %1. It is used until you quit; to keep one without a keychain, set STOCKPILOT_LLM_KEY.</source>
        <translation>Einstellungen gespeichert, aber der Schlüssel wurde nicht gespeichert: %1. Er wird bis zum Beenden verwendet; um einen Schlüssel ohne Schlüsselbund dauerhaft zu verwenden, setzen Sie STOCKPILOT_LLM_KEY.</translation>
    </message>
    <message>
        <source>&amp;Language Model…</source>
        <translation>&amp;Sprachmodell…</translation>
    </message>
</context>
<context>
    <name>sp::views::MainWindow</name>
    <message>
        <source>StockPilot</source>
        <translation>StockPilot</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Bestand</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Products…</source>
        <translation>&amp;Artikel…</translation>
    </message>
    <message>
        <source>&amp;Stock Counts…</source>
        <translation>&amp;Bestandszählungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Stock</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <source>&amp;Receive…</source>
        <translation>&amp;Wareneingang…</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Adjust…</source>
        <translation>&amp;Korrigieren…</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>&amp;Umlagern…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About StockPilot</source>
        <translation>&amp;Über StockPilot</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Connection restored; catching up with changes.</source>
        <translation>Verbindung wiederhergestellt; Änderungen werden nachgeholt.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>About StockPilot</source>
        <translation>Über StockPilot</translation>
    </message>
    <message>
        <source>&lt;h3&gt;StockPilot %1&lt;/h3&gt;&lt;p&gt;Inventory and shopping-cart management for retailers with warehouses and stores.&lt;/p&gt;&lt;p&gt;Signed in as %2 (%3) on %4.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;StockPilot %1&lt;/h3&gt;&lt;p&gt;Warenwirtschaft und Warenkorbverwaltung für Händler mit Lagern und Filialen.&lt;/p&gt;&lt;p&gt;Angemeldet als %2 (%3) auf %4.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n new alert(s)</source>
        <translation>
            <numerusform>%n neue Meldung</numerusform>
            <numerusform>%n neue Meldungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>Managers may count and adjust stock.</source>
        <translation>Nur die Filialleitung darf Bestände zählen und korrigieren.</translation>
    </message>
    <message>
        <source>Managers may import files.</source>
        <translation>Nur die Filialleitung darf Dateien importieren.</translation>
    </message>
</context>
<context>
    <name>sp::views::MasterDataDialog</name>
    <message>
        <source>Managers may change master data.</source>
        <translation>Stammdaten ändern darf nur die Filialleitung.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>sp::views::MasterDataPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Take out of use</source>
        <translation>Außer Betrieb &amp;nehmen</translation>
    </message>
    <message>
        <source>&amp;Put back in use</source>
        <translation>&amp;Wieder in Betrieb nehmen</translation>
    </message>
    <message>
        <source>&amp;Set…</source>
        <translation>Fest&amp;legen…</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Aufheben</translation>
    </message>
    <message>
        <source>Search SKU or product name, or scan a barcode…</source>
        <translation>Artikelnummer oder Artikelname suchen oder Barcode scannen…</translation>
    </message>
    <message>
        <source>&amp;Locations</source>
        <translation>S&amp;tandorte</translation>
    </message>
    <message>
        <source>S&amp;uppliers</source>
        <translation>Lie&amp;feranten</translation>
    </message>
    <message>
        <source>&amp;Reorder policies</source>
        <translation>Bestell&amp;regeln</translation>
    </message>
    <message>
        <source>The first %1 policies by SKU; search to find others.</source>
        <translation>Die ersten %1 Bestellregeln nach Artikelnummer; suchen Sie, um andere zu finden.</translation>
    </message>
    <message numerus="yes">
        <source>%n policy(ies)</source>
        <translation>
            <numerusform>%n Bestellregel</numerusform>
            <numerusform>%n Bestellregeln</numerusform>
        </translation>
    </message>
    <message>
        <source>The master data could not be read: %1</source>
        <translation>Die Stammdaten konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importieren…</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Managers may change master data.</source>
        <translation>Stammdaten ändern darf nur die Filialleitung.</translation>
    </message>
    <message>
        <source>A new warehouse, store or online location.</source>
        <translation>Ein neues Lager, eine neue Filiale oder ein neuer Online-Standort.</translation>
    </message>
    <message>
        <source>Change the selected location&apos;s name, kind or position.</source>
        <translation>Name, Art oder Lage des ausgewählten Standorts ändern.</translation>
    </message>
    <message>
        <source>The agent&apos;s rules pass a location out of use by. The database refuses while stock, incoming goods or orders to ship are left there.</source>
        <translation>Die Regeln des Agenten übergehen einen Standort außer Betrieb. Die Datenbank lehnt ab, solange dort noch Bestand, Ware im Zulauf oder zu versendende Bestellungen sind.</translation>
    </message>
    <message>
        <source>Use the selected location again.</source>
        <translation>Den ausgewählten Standort wieder verwenden.</translation>
    </message>
    <message>
        <source>A new supplier that products can name.</source>
        <translation>Ein neuer Lieferant, den Artikel nennen können.</translation>
    </message>
    <message>
        <source>Change the selected supplier&apos;s lead time, e-mail or minimum order.</source>
        <translation>Lieferzeit, E-Mail oder Mindestbestellwert des ausgewählten Lieferanten ändern.</translation>
    </message>
    <message>
        <source>A minimum and a maximum for a SKU at a location: the stock check orders up to the maximum when available and incoming fall below the minimum.</source>
        <translation>Ein Minimum und ein Maximum für einen Artikel an einem Standort: Die Bestandsprüfung bestellt bis zum Maximum, wenn Verfügbares und Zulauf unter das Minimum fallen.</translation>
    </message>
    <message>
        <source>Back to the reorder point from demand for the selected SKU and location.</source>
        <translation>Für den ausgewählten Artikel und Standort wieder den Meldebestand aus der Nachfrage verwenden.</translation>
    </message>
    <message>
        <source>Import a CSV file of this tab&apos;s kind; a file with a bad line changes nothing and lists every bad line.</source>
        <translation>Eine CSV-Datei dieser Art importieren; eine Datei mit einer fehlerhaften Zeile ändert nichts und nennt jede fehlerhafte Zeile.</translation>
    </message>
    <message>
        <source>Master data</source>
        <translation>Stammdaten</translation>
    </message>
    <message>
        <source>Add Location</source>
        <translation>Standort hinzufügen</translation>
    </message>
    <message>
        <source>Edit Location %1</source>
        <translation>Standort %1 bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Kürzel:</translation>
    </message>
    <message>
        <source>e.g. ST7</source>
        <translation>z. B. ST7</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Latitude:</source>
        <translation>&amp;Breitengrad:</translation>
    </message>
    <message>
        <source>L&amp;ongitude:</source>
        <translation>&amp;Längengrad:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>The code must be 1 to 32 letters, digits, &quot;-&quot; or &quot;_&quot;.</source>
        <translation>Das Kürzel muss aus 1 bis 32 Buchstaben, Ziffern, „-“ oder „_“ bestehen.</translation>
    </message>
    <message>
        <source>Enter the location&apos;s name.</source>
        <translation>Geben Sie den Namen des Standorts ein.</translation>
    </message>
    <message>
        <source>Location %1 was added.</source>
        <translation>Standort %1 wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>Location %1 was changed.</source>
        <translation>Standort %1 wurde geändert.</translation>
    </message>
    <message>
        <source>Location %1 is in use again.</source>
        <translation>Standort %1 ist wieder in Betrieb.</translation>
    </message>
    <message>
        <source>Location %1 is out of use.</source>
        <translation>Standort %1 ist außer Betrieb.</translation>
    </message>
    <message>
        <source>Add Supplier</source>
        <translation>Lieferant hinzufügen</translation>
    </message>
    <message>
        <source>Edit Supplier %1</source>
        <translation>Lieferant %1 bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Lead time:</source>
        <translation>&amp;Lieferzeit:</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>orders@supplier.example (optional)</source>
        <translation>bestellung@lieferant.example (optional)</translation>
    </message>
    <message>
        <source>&amp;Minimum order:</source>
        <translation>&amp;Mindestbestellwert:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Enter the supplier&apos;s name.</source>
        <translation>Geben Sie den Namen des Lieferanten ein.</translation>
    </message>
    <message>
        <source>E-mail: &quot;%1&quot; is not an e-mail address.</source>
        <translation>E-Mail: „%1“ ist keine E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>Supplier %1 was added.</source>
        <translation>Lieferant %1 wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>Supplier %1 was changed.</source>
        <translation>Lieferant %1 wurde geändert.</translation>
    </message>
    <message>
        <source>Set Reorder Policy</source>
        <translation>Bestellregel festlegen</translation>
    </message>
    <message>
        <source>The stock check orders up to the maximum when available and incoming units fall below the minimum, instead of following the demand.</source>
        <translation>Die Bestandsprüfung bestellt bis zum Maximum, wenn verfügbare Einheiten und Zulauf unter das Minimum fallen, statt der Nachfrage zu folgen.</translation>
    </message>
    <message>
        <source>&amp;SKU:</source>
        <translation>&amp;Artikelnr.:</translation>
    </message>
    <message>
        <source>e.g. SKU000001, or scan the barcode</source>
        <translation>z. B. SKU000001, oder Barcode scannen</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>M&amp;inimum:</source>
        <translation>M&amp;inimum:</translation>
    </message>
    <message>
        <source>M&amp;aximum:</source>
        <translation>M&amp;aximum:</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Festlegen</translation>
    </message>
    <message>
        <source>Enter a SKU.</source>
        <translation>Geben Sie eine Artikelnummer ein.</translation>
    </message>
    <message>
        <source>Choose a location.</source>
        <translation>Wählen Sie einen Standort.</translation>
    </message>
    <message>
        <source>The maximum (%1) must be above the minimum (%2).</source>
        <translation>Das Maximum (%1) muss über dem Minimum (%2) liegen.</translation>
    </message>
    <message>
        <source>%1 at %2: order up to %3 when below %4.</source>
        <translation>%1 in %2: unter %4 wird bis %3 bestellt.</translation>
    </message>
    <message>
        <source>%1 at %2 follows the demand again.</source>
        <translation>%1 in %2 folgt wieder der Nachfrage.</translation>
    </message>
    <message>
        <source>Master Data</source>
        <translation>Stammdaten</translation>
    </message>
</context>
<context>
    <name>sp::views::ModifyDialog</name>
    <message>
        <source>Modify suggestion %1</source>
        <translation>Vorschlag %1 ändern</translation>
    </message>
    <message>
        <source>%1 for %2 %3: %4</source>
        <translation>%1 für %2 %3: %4</translation>
    </message>
    <message>
        <source>(all locations)</source>
        <translation>(alle Standorte)</translation>
    </message>
    <message>
        <source>Proposed: %1</source>
        <translation>Vorgeschlagen: %1</translation>
    </message>
    <message>
        <source>&amp;Quantity (proposed %1):</source>
        <translation>&amp;Menge (vorgeschlagen %1):</translation>
    </message>
    <message>
        <source>&amp;Source (proposed %1):</source>
        <translation>&amp;Quellstandort (vorgeschlagen %1):</translation>
    </message>
    <message>
        <source>&amp;Discount (proposed %1 %):</source>
        <translation>&amp;Rabatt (vorgeschlagen %1 %):</translation>
    </message>
    <message>
        <source>&amp;Effective from:</source>
        <translation>&amp;Gültig ab:</translation>
    </message>
    <message>
        <source>Optional: why you changed it</source>
        <translation>Optional: warum Sie es geändert haben</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>The original proposal and your change are both kept.</source>
        <translation>Der ursprüngliche Vorschlag und Ihre Änderung werden beide gespeichert.</translation>
    </message>
    <message>
        <source>Approve with changes</source>
        <translation>Mit Änderungen genehmigen</translation>
    </message>
    <message>
        <source>%1 %2 (proposed %3):</source>
        <translation>%1 %2 (vorgeschlagen %3):</translation>
    </message>
</context>
<context>
    <name>sp::views::NotificationCenter</name>
    <message>
        <source>StockPilot</source>
        <translation>StockPilot</translation>
    </message>
    <message numerus="yes">
        <source>%n new notification(s)</source>
        <translation>
            <numerusform>%n neue Benachrichtigung</numerusform>
            <numerusform>%n neue Benachrichtigungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sp::views::NotificationPrefsDialog</name>
    <message>
        <source>Low stock</source>
        <translation>Knapper Bestand</translation>
    </message>
    <message>
        <source>Overstock</source>
        <translation>Überbestand</translation>
    </message>
    <message>
        <source>Ledger audit differences</source>
        <translation>Abweichungen bei der Buchungsprüfung</translation>
    </message>
    <message>
        <source>Approved actions that failed</source>
        <translation>Genehmigte Aktionen, die fehlgeschlagen sind</translation>
    </message>
    <message>
        <source>Undeliverable webhooks</source>
        <translation>Nicht zustellbare Webhooks</translation>
    </message>
    <message>
        <source>Notification preferences</source>
        <translation>Benachrichtigungseinstellungen</translation>
    </message>
    <message>
        <source>Notify me about:</source>
        <translation>Benachrichtigen bei:</translation>
    </message>
    <message>
        <source>Low and above</source>
        <translation>Niedrig und höher</translation>
    </message>
    <message>
        <source>Normal and above</source>
        <translation>Normal und höher</translation>
    </message>
    <message>
        <source>High only</source>
        <translation>Nur hoch</translation>
    </message>
    <message>
        <source>&amp;Priority:</source>
        <translation>&amp;Priorität:</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Supplier e-mails that could not be sent</source>
        <translation>Nicht zustellbare E-Mails an Lieferanten</translation>
    </message>
</context>
<context>
    <name>sp::views::OrdersPage</name>
    <message>
        <source>&amp;Override source…</source>
        <translation>&amp;Versandstandort ändern…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Fulfilment plan (best first):</source>
        <translation>Versandplan (beste Option zuerst):</translation>
    </message>
    <message>
        <source>Source overrides:</source>
        <translation>Geänderte Versandstandorte:</translation>
    </message>
    <message>
        <source>The orders could not be read: %1</source>
        <translation>Die Bestellungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Stock figures could not be read: %1</source>
        <translation>Die Bestandszahlen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Select an order to see its fulfilment plan.</source>
        <translation>Wählen Sie eine Bestellung, um ihren Versandplan zu sehen.</translation>
    </message>
    <message>
        <source>Order %1 (%2 at %3)</source>
        <translation>Bestellung %1 (%2 am %3)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Bestellungen</translation>
    </message>
    <message>
        <source>Override fulfilment source</source>
        <translation>Versandstandort ändern</translation>
    </message>
    <message>
        <source>Ship a line of order %1 from another location. The units committed to the order move there; the change is recorded with your name and reason.</source>
        <translation>Eine Position der Bestellung %1 von einem anderen Standort versenden. Die der Bestellung zugesagten Einheiten werden dorthin verschoben; die Änderung wird mit Ihrem Namen und Grund gespeichert.</translation>
    </message>
    <message>
        <source>%1: %2 × %3 from %4</source>
        <translation>%1: %2 × %3 ab %4</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Line:</source>
        <translation>&amp;Position:</translation>
    </message>
    <message>
        <source>Ship &amp;from:</source>
        <translation>&amp;Versand ab:</translation>
    </message>
    <message>
        <source>Line %1 now ships from %2.</source>
        <translation>Position %1 wird jetzt ab %2 versandt.</translation>
    </message>
    <message>
        <source>Only a manager may change where an order ships from.</source>
        <translation>Nur die Filialleitung darf den Versandstandort einer Bestellung ändern.</translation>
    </message>
    <message>
        <source>&amp;Ship…</source>
        <translation>&amp;Versenden…</translation>
    </message>
    <message>
        <source>&amp;Cancel order…</source>
        <translation>Bestellung &amp;stornieren…</translation>
    </message>
    <message>
        <source>Ship order %1</source>
        <translation>Bestellung %1 versenden</translation>
    </message>
    <message>
        <source>The units leave each line&apos;s source: its stock on hand and the units committed to the order go down, and they count as sold there today.</source>
        <translation>Die Einheiten verlassen den Standort jeder Position: Bestand und die für die Bestellung gebundenen Einheiten sinken, und sie zählen dort heute als verkauft.</translation>
    </message>
    <message>
        <source>%1 from %2 (%3 left):</source>
        <translation>%1 ab %2 (%3 offen):</translation>
    </message>
    <message>
        <source>Ship</source>
        <translation>Versenden</translation>
    </message>
    <message>
        <source>Nothing to ship: every quantity is zero.</source>
        <translation>Nichts zu versenden: jede Menge ist null.</translation>
    </message>
    <message>
        <source>Order %1 has shipped.</source>
        <translation>Bestellung %1 ist versandt.</translation>
    </message>
    <message>
        <source>Shipped part of order %1.</source>
        <translation>Ein Teil der Bestellung %1 ist versandt.</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Bestellung stornieren</translation>
    </message>
    <message>
        <source>Cancel order %1: its units are no longer committed and become available again. The cancel is recorded with your name and reason.</source>
        <translation>Bestellung %1 stornieren: Ihre Einheiten sind nicht mehr gebunden und wieder verfügbar. Die Stornierung wird mit Ihrem Namen und Grund festgehalten.</translation>
    </message>
    <message>
        <source>Order %1 is cancelled.</source>
        <translation>Bestellung %1 ist storniert.</translation>
    </message>
    <message>
        <source>Only a manager may cancel an order.</source>
        <translation>Nur eine Filialleitung darf eine Bestellung stornieren.</translation>
    </message>
    <message>
        <source>Only staff members may ship orders.</source>
        <translation>Nur Mitarbeitende dürfen Bestellungen versenden.</translation>
    </message>
    <message>
        <source>&amp;Pick list…</source>
        <translation>&amp;Pickliste…</translation>
    </message>
    <message>
        <source>Pick list</source>
        <translation>Pickliste</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Units to pick</source>
        <translation>Zu pickende Einheiten</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Ships from:</source>
        <translation>Versand ab:</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>Nothing to pick here.</source>
        <translation>Hier ist nichts zu picken.</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) to pick</source>
        <translation>
            <numerusform>%n Zeile zu picken</numerusform>
            <numerusform>%n Zeilen zu picken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s) in all.</source>
        <translation>
            <numerusform>%n Einheit insgesamt.</numerusform>
            <numerusform>%n Einheiten insgesamt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The pick list could not be read: %1</source>
        <translation>Die Pickliste konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Managers may change where an order ships from.</source>
        <translation>Nur die Filialleitung darf den Versandstandort einer Bestellung ändern.</translation>
    </message>
    <message>
        <source>Managers may cancel an order.</source>
        <translation>Nur die Filialleitung darf eine Bestellung stornieren.</translation>
    </message>
</context>
<context>
    <name>sp::views::PurchaseOrderDocument</name>
    <message>
        <source>(no supplier)</source>
        <translation>(kein Lieferant)</translation>
    </message>
    <message>
        <source>Purchase order %1</source>
        <translation>Einkaufsbestellung %1</translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation>Lieferant:</translation>
    </message>
    <message>
        <source>Deliver to:</source>
        <translation>Lieferung an:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Stückpreis</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
</context>
<context>
    <name>sp::views::PurchaseOrdersPage</name>
    <message>
        <source>&amp;Receive…</source>
        <translation>&amp;Wareneingang…</translation>
    </message>
    <message>
        <source>&amp;Close…</source>
        <translation>&amp;Abschließen…</translation>
    </message>
    <message>
        <source>Save as &amp;PDF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <source>Save as C&amp;SV…</source>
        <translation>Als C&amp;SV speichern…</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>Artikelnr.</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Bestellt</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Geliefert</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>Over</source>
        <translation>Mehr</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Stückpreis</translation>
    </message>
    <message>
        <source>The purchase orders could not be read: %1</source>
        <translation>Die Einkaufsbestellungen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Close the order: what it still expects is no longer incoming.</source>
        <translation>Die Bestellung abschließen: was noch erwartet wird, ist nicht mehr im Zulauf.</translation>
    </message>
    <message>
        <source>Managers may close a purchase order.</source>
        <translation>Nur die Filialleitung darf eine Einkaufsbestellung abschließen.</translation>
    </message>
    <message>
        <source>Select a purchase order to see its lines.</source>
        <translation>Wählen Sie eine Einkaufsbestellung, um ihre Positionen zu sehen.</translation>
    </message>
    <message>
        <source>(no supplier)</source>
        <translation>(kein Lieferant)</translation>
    </message>
    <message>
        <source>Purchase order %1 from %2 to %3: %4</source>
        <translation>Einkaufsbestellung %1 von %2 an %3: %4</translation>
    </message>
    <message>
        <source>(closed by %1: %2)</source>
        <translation>(abgeschlossen von %1: %2)</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>Einkaufsbestellungen</translation>
    </message>
    <message>
        <source>Receive purchase order %1</source>
        <translation>Wareneingang zu Einkaufsbestellung %1</translation>
    </message>
    <message>
        <source>The units counted in become stock on hand at %1; what is still expected stays incoming.</source>
        <translation>Die gezählten Einheiten werden Bestand in %1; was noch erwartet wird, bleibt im Zulauf.</translation>
    </message>
    <message>
        <source>%1 %2 (%3 expected):</source>
        <translation>%1 %2 (%3 erwartet):</translation>
    </message>
    <message>
        <source>Accept more than was ordered (an over-delivery)</source>
        <translation>Mehr als bestellt annehmen (Überlieferung)</translation>
    </message>
    <message>
        <source>Delivery note number, damage seen, …</source>
        <translation>Lieferscheinnummer, gesehene Schäden, …</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Buchen</translation>
    </message>
    <message>
        <source>Nothing to receive: every quantity is zero.</source>
        <translation>Nichts zu buchen: jede Menge ist null.</translation>
    </message>
    <message>
        <source>Purchase order %1 is received in full.</source>
        <translation>Einkaufsbestellung %1 ist vollständig geliefert.</translation>
    </message>
    <message>
        <source>Received part of purchase order %1.</source>
        <translation>Ein Teil der Einkaufsbestellung %1 ist gebucht.</translation>
    </message>
    <message>
        <source>Only staff members may receive goods.</source>
        <translation>Nur Mitarbeitende dürfen Wareneingänge buchen.</translation>
    </message>
    <message>
        <source>Close purchase order</source>
        <translation>Einkaufsbestellung abschließen</translation>
    </message>
    <message>
        <source>Close purchase order %1: what it still expects is no longer incoming, and the shortfall is recorded with your name and reason.</source>
        <translation>Einkaufsbestellung %1 abschließen: was noch erwartet wird, ist nicht mehr im Zulauf, und die Fehlmenge wird mit Ihrem Namen und Grund festgehalten.</translation>
    </message>
    <message>
        <source>Purchase order %1 is closed.</source>
        <translation>Einkaufsbestellung %1 ist abgeschlossen.</translation>
    </message>
    <message>
        <source>Save purchase order</source>
        <translation>Einkaufsbestellung speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saved purchase order %1 to %2.</source>
        <translation>Einkaufsbestellung %1 unter %2 gespeichert.</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Purchase Orders</source>
        <translation>Einkauf</translation>
    </message>
</context>
<context>
    <name>sp::views::ReasonDialog</name>
    <message>
        <source>Why? (recorded with your name)</source>
        <translation>Warum? (wird mit Ihrem Namen gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>A reason is required: it is recorded with the change.</source>
        <translation>Ein Grund ist erforderlich: Er wird mit der Änderung gespeichert.</translation>
    </message>
</context>
<context>
    <name>sp::views::RejectDialog</name>
    <message numerus="yes">
        <source>Reject %n suggestion(s)</source>
        <translation>
            <numerusform>%n Vorschlag ablehnen</numerusform>
            <numerusform>%n Vorschläge ablehnen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 %3: %4</source>
        <translation>%1 %2 %3: %4</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Grund (Pflichtfeld):</translation>
    </message>
    <message>
        <source>Why this should not happen</source>
        <translation>Warum das nicht geschehen soll</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
</context>
<context>
    <name>sp::views::RequestDialog</name>
    <message>
        <source>Staff Request</source>
        <translation>Mitarbeiteranfrage</translation>
    </message>
    <message>
        <source>e.g. 20 units of SKU000123 to Store Mitte</source>
        <translation>z. B. 20 Stück von SKU000123 nach Store Mitte</translation>
    </message>
    <message>
        <source>&amp;Request:</source>
        <translation>&amp;Anfrage:</translation>
    </message>
    <message>
        <source>&amp;SKU:</source>
        <translation>&amp;Artikelnr.:</translation>
    </message>
    <message>
        <source>Request a Transfer</source>
        <translation>Umlagerung anfragen</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>V&amp;on:</translation>
    </message>
    <message>
        <source>Request a Stock Adjustment</source>
        <translation>Bestandskorrektur anfragen</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>Request a Restock</source>
        <translation>Nachbestellung anfragen</translation>
    </message>
    <message>
        <source>Request a Promotion</source>
        <translation>Aktion anfragen</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Kategorie:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>Vorschlagen</translation>
    </message>
    <message>
        <source>&amp;Discount:</source>
        <translation>&amp;Rabatt:</translation>
    </message>
    <message>
        <source>&amp;Counted on hand:</source>
        <translation>&amp;Gezählter Bestand:</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>&amp;Menge:</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>Inventur</translation>
    </message>
    <message>
        <source>Damaged goods found</source>
        <translation>Beschädigte Ware gefunden</translation>
    </message>
    <message>
        <source>Theft or loss</source>
        <translation>Diebstahl oder Verlust</translation>
    </message>
    <message>
        <source>Found stock</source>
        <translation>Ware aufgefunden</translation>
    </message>
    <message>
        <source>Why the count differs (required)</source>
        <translation>Warum der Bestand abweicht (Pflichtfeld)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Vorschlag</translation>
    </message>
    <message>
        <source>Read by:</source>
        <translation>Gelesen von:</translation>
    </message>
    <message>
        <source>Proposal:</source>
        <translation>Vorschlag:</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>Begründung:</translation>
    </message>
    <message>
        <source>&amp;File Request</source>
        <translation>Anfrage &amp;einreichen</translation>
    </message>
    <message>
        <source>Best source (optimizer chooses)</source>
        <translation>Beste Quelle (Optimierer wählt)</translation>
    </message>
    <message>
        <source>Write what you need, e.g. &quot;20 units of SKU000123 to Store Mitte&quot;.</source>
        <translation>Schreiben Sie, was Sie brauchen, z. B. „20 Stück von SKU000123 nach Store Mitte“.</translation>
    </message>
    <message>
        <source>Enter a SKU.</source>
        <translation>Geben Sie eine Artikelnr. ein.</translation>
    </message>
    <message>
        <source>Choose a location.</source>
        <translation>Wählen Sie einen Standort.</translation>
    </message>
    <message>
        <source>The quantity must be at least 1.</source>
        <translation>Die Menge muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>Choose two different locations for a transfer.</source>
        <translation>Wählen Sie für eine Umlagerung zwei verschiedene Standorte.</translation>
    </message>
    <message>
        <source>Enter the reason for the adjustment.</source>
        <translation>Geben Sie den Grund für die Bestandskorrektur ein.</translation>
    </message>
    <message>
        <source>Choose a category.</source>
        <translation>Wählen Sie eine Kategorie.</translation>
    </message>
    <message>
        <source>the language model</source>
        <translation>das Sprachmodell</translation>
    </message>
    <message>
        <source>the rule-based parser</source>
        <translation>die regelbasierte Auswertung</translation>
    </message>
    <message>
        <source>this form</source>
        <translation>dieses Formular</translation>
    </message>
    <message>
        <source>Nothing can be filed.</source>
        <translation>Es kann nichts eingereicht werden.</translation>
    </message>
    <message>
        <source>This cannot be met exactly as asked; the proposal is the best feasible alternative.</source>
        <translation>Dies lässt sich nicht genau wie angefragt erfüllen; der Vorschlag ist die beste machbare Alternative.</translation>
    </message>
    <message>
        <source>(press Preview)</source>
        <translation>(Vorschau drücken)</translation>
    </message>
    <message>
        <source>You may not file requests.</source>
        <translation>Sie dürfen keine Anfragen einreichen.</translation>
    </message>
    <message>
        <source>e.g. SKU000001, or scan the barcode</source>
        <translation>z. B. SKU000001, oder Barcode scannen</translation>
    </message>
</context>
<context>
    <name>sp::views::RequestsMenu</name>
    <message>
        <source>Re&amp;quests</source>
        <translation>An&amp;fragen</translation>
    </message>
    <message>
        <source>&amp;Free-Text Request…</source>
        <translation>&amp;Freitext-Anfrage…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q</source>
        <translation>Ctrl+Shift+Q</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>&amp;Umlagerung…</translation>
    </message>
    <message>
        <source>&amp;Adjustment…</source>
        <translation>&amp;Bestandskorrektur…</translation>
    </message>
    <message>
        <source>&amp;Restock…</source>
        <translation>&amp;Nachbestellung…</translation>
    </message>
    <message>
        <source>&amp;Promotion…</source>
        <translation>&amp;Aktion…</translation>
    </message>
    <message>
        <source>Request filed for approval as suggestion %1.</source>
        <translation>Anfrage als Vorschlag %1 zur Genehmigung eingereicht.</translation>
    </message>
</context>
<context>
    <name>sp::views::ServerSettingsDialog</name>
    <message>
        <source>Database Server</source>
        <translation>Datenbankserver</translation>
    </message>
    <message>
        <source>localhost</source>
        <translation>localhost</translation>
    </message>
    <message>
        <source>default (5432)</source>
        <translation>Standard (5432)</translation>
    </message>
    <message>
        <source>stockpilot</source>
        <translation>stockpilot</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;SSL mode:</source>
        <translation>&amp;SSL-Modus:</translation>
    </message>
</context>
<context>
    <name>sp::views::SignInDialog</name>
    <message>
        <source>Sign in to StockPilot</source>
        <translation>Bei StockPilot anmelden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sign in&lt;/b&gt; with your staff account.</source>
        <translation>&lt;b&gt;Melden Sie sich&lt;/b&gt; mit Ihrem Mitarbeiterkonto an.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>&amp;Remember password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems &amp;merken</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>&amp;Server…</source>
        <translation>&amp;Server…</translation>
    </message>
    <message>
        <source>Remember password (no system keychain is available)</source>
        <translation>Passwort merken (kein Schlüsselbund verfügbar)</translation>
    </message>
    <message>
        <source>No system keychain is available (%1), so passwords cannot be remembered.</source>
        <translation>Kein Schlüsselbund verfügbar (%1), daher können Passwörter nicht gemerkt werden.</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>Geben Sie Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>%1 can sign in to the database but is not a StockPilot staff member. Ask an administrator to add the account.</source>
        <translation>%1 kann sich bei der Datenbank anmelden, ist aber kein StockPilot-Mitarbeiter. Bitten Sie einen Administrator, das Konto aufzunehmen.</translation>
    </message>
</context>
<context>
    <name>sp::views::SkuField</name>
    <message>
        <source>Type a SKU, or scan the product&apos;s barcode.</source>
        <translation>Artikelnummer eingeben oder den Barcode des Artikels scannen.</translation>
    </message>
    <message>
        <source>Looking up barcode %1…</source>
        <translation>Barcode %1 wird gesucht…</translation>
    </message>
    <message>
        <source>No product has the barcode %1.</source>
        <translation>Kein Artikel hat den Barcode %1.</translation>
    </message>
    <message>
        <source>Barcode %1 is %2.</source>
        <translation>Barcode %1 ist %2.</translation>
    </message>
    <message>
        <source>Barcode %1 could not be looked up: %2</source>
        <translation>Barcode %1 konnte nicht gesucht werden: %2</translation>
    </message>
</context>
<context>
    <name>sp::views::StartupWindow</name>
    <message>
        <source>Starting StockPilot</source>
        <translation>StockPilot wird gestartet</translation>
    </message>
    <message>
        <source>&lt;h2&gt;StockPilot&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;StockPilot&lt;/h2&gt;</translation>
    </message>
</context>
<context>
    <name>sp::views::StockOperationDialog</name>
    <message>
        <source>&amp;SKU:</source>
        <translation>&amp;Artikelnr.:</translation>
    </message>
    <message>
        <source>Receive Stock</source>
        <translation>Wareneingang buchen</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Standort:</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>&amp;Menge:</translation>
    </message>
    <message>
        <source>Adjust Stock Count</source>
        <translation>Bestand korrigieren</translation>
    </message>
    <message>
        <source>&amp;Counted on hand:</source>
        <translation>&amp;Gezählter Bestand:</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>Inventur</translation>
    </message>
    <message>
        <source>Damaged goods found</source>
        <translation>Beschädigte Ware gefunden</translation>
    </message>
    <message>
        <source>Theft or loss</source>
        <translation>Diebstahl oder Verlust</translation>
    </message>
    <message>
        <source>Found stock</source>
        <translation>Ware aufgefunden</translation>
    </message>
    <message>
        <source>Why the count differs (required)</source>
        <translation>Warum der Bestand abweicht (Pflichtfeld)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Grund:</translation>
    </message>
    <message>
        <source>Transfer Stock</source>
        <translation>Ware umlagern</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Nach:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Buchen</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>Korrigieren</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Umlagern</translation>
    </message>
    <message>
        <source>Enter a SKU.</source>
        <translation>Geben Sie eine Artikelnummer ein.</translation>
    </message>
    <message>
        <source>Choose a location.</source>
        <translation>Wählen Sie einen Standort.</translation>
    </message>
    <message>
        <source>The quantity must be at least 1.</source>
        <translation>Die Menge muss mindestens 1 sein.</translation>
    </message>
    <message>
        <source>Choose where the stock goes.</source>
        <translation>Wählen Sie, wohin die Ware geht.</translation>
    </message>
    <message>
        <source>Choose two different locations for a transfer.</source>
        <translation>Wählen Sie für eine Umlagerung zwei verschiedene Standorte.</translation>
    </message>
    <message>
        <source>Enter the reason for the correction.</source>
        <translation>Geben Sie den Grund für die Korrektur ein.</translation>
    </message>
    <message>
        <source>Adjusting stock needs a manager.</source>
        <translation>Bestandskorrekturen sind der Filialleitung vorbehalten.</translation>
    </message>
    <message>
        <source>Your account may not change stock.</source>
        <translation>Ihr Konto darf keine Bestände ändern.</translation>
    </message>
    <message>
        <source>Record Damaged Stock</source>
        <translation>Beschädigte Ware erfassen</translation>
    </message>
    <message>
        <source>Write Off Damaged Stock</source>
        <translation>Beschädigte Ware ausbuchen</translation>
    </message>
    <message>
        <source>Put Stock in Quarantine</source>
        <translation>Ware in Quarantäne nehmen</translation>
    </message>
    <message>
        <source>Release Stock from Quarantine</source>
        <translation>Ware aus der Quarantäne freigeben</translation>
    </message>
    <message>
        <source>The units stay on hand but can no longer be sold, until a manager writes them off.</source>
        <translation>Die Einheiten bleiben im Bestand, sind aber nicht mehr verkäuflich, bis die Filialleitung sie ausbucht.</translation>
    </message>
    <message>
        <source>Damaged units leave the stock for good: on hand and damaged both go down.</source>
        <translation>Beschädigte Einheiten verlassen den Bestand endgültig: Bestand und Beschädigt sinken beide.</translation>
    </message>
    <message>
        <source>The units stay on hand but are held back from sale until they are released.</source>
        <translation>Die Einheiten bleiben im Bestand, werden aber bis zur Freigabe nicht verkauft.</translation>
    </message>
    <message>
        <source>Units in quarantine that passed their check become available again.</source>
        <translation>Einheiten in Quarantäne, die die Prüfung bestanden haben, sind wieder verfügbar.</translation>
    </message>
    <message>
        <source>Damaged in handling</source>
        <translation>Beim Umschlag beschädigt</translation>
    </message>
    <message>
        <source>Damaged on delivery</source>
        <translation>Bei Anlieferung beschädigt</translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation>Fehlerhaft</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Disposed of</source>
        <translation>Entsorgt</translation>
    </message>
    <message>
        <source>Returned to the supplier</source>
        <translation>An den Lieferanten zurückgeschickt</translation>
    </message>
    <message>
        <source>Beyond repair</source>
        <translation>Nicht mehr zu reparieren</translation>
    </message>
    <message>
        <source>Customer return, to check</source>
        <translation>Kundenretoure, zu prüfen</translation>
    </message>
    <message>
        <source>Suspect batch</source>
        <translation>Verdächtige Charge</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Rückruf</translation>
    </message>
    <message>
        <source>Checked, sellable</source>
        <translation>Geprüft, verkäuflich</translation>
    </message>
    <message>
        <source>Recall lifted</source>
        <translation>Rückruf aufgehoben</translation>
    </message>
    <message>
        <source>Why (required)</source>
        <translation>Warum (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Record damage</source>
        <translation>Schaden erfassen</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Ausbuchen</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>Geben Sie den Grund ein.</translation>
    </message>
    <message>
        <source>Writing stock off needs a manager.</source>
        <translation>Ausbuchungen sind der Filialleitung vorbehalten.</translation>
    </message>
    <message>
        <source>Damaged units leave the count with Write off…, units in quarantine with Release… (Stock page, per location).</source>
        <translation>Beschädigte Einheiten verlassen die Zählung mit „Ausbuchen…“, Einheiten in Quarantäne mit „Freigeben…“ (Seite Bestand, je Standort).</translation>
    </message>
    <message>
        <source>e.g. SKU000001, or scan the barcode</source>
        <translation>z. B. SKU000001, oder Barcode scannen</translation>
    </message>
</context>
<context>
    <name>sp::views::StockPage</name>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <source>All locations</source>
        <translation>Alle Standorte</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Knapp</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>Ausverkauft</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Select a SKU to see its stock per location and history.</source>
        <translation>Wählen Sie einen Artikel, um Bestand je Standort und Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Per location&lt;/b&gt;</source>
        <translation>&lt;b&gt;Je Standort&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Ledger&lt;/b&gt; (newest first)</source>
        <translation>&lt;b&gt;Buchungen&lt;/b&gt; (neueste zuerst)</translation>
    </message>
    <message>
        <source>loaded in %1 ms</source>
        <translation>geladen in %1 ms</translation>
    </message>
    <message>
        <source>1 SKU</source>
        <translation>1 Artikel</translation>
    </message>
    <message>
        <source>%1 SKUs</source>
        <translation>%1 Artikel</translation>
    </message>
    <message>
        <source>&amp;Damage…</source>
        <translation>Be&amp;schädigt…</translation>
    </message>
    <message>
        <source>&amp;Write off…</source>
        <translation>Ausbu&amp;chen…</translation>
    </message>
    <message>
        <source>Re&amp;lease…</source>
        <translation>Frei&amp;geben…</translation>
    </message>
    <message>
        <source>Managers may write stock off.</source>
        <translation>Ausbuchen darf nur die Filialleitung.</translation>
    </message>
    <message>
        <source>Q&amp;uarantine…</source>
        <translation>&amp;Quarantäne…</translation>
    </message>
    <message>
        <source>Search SKU or name, or scan a barcode…</source>
        <translation>Artikelnummer oder Name suchen oder Barcode scannen…</translation>
    </message>
</context>
<context>
    <name>sp::views::TransfersPage</name>
    <message>
        <source>&amp;Receive…</source>
        <translation>An&amp;nehmen…</translation>
    </message>
    <message>
        <source>Transfers on their way, oldest first:</source>
        <translation>Umlagerungen unterwegs, älteste zuerst:</translation>
    </message>
    <message numerus="yes">
        <source>%n transfer(s) in transit</source>
        <translation>
            <numerusform>%n Umlagerung unterwegs</numerusform>
            <numerusform>%n Umlagerungen unterwegs</numerusform>
        </translation>
    </message>
    <message>
        <source>The transfers could not be read: %1</source>
        <translation>Die Umlagerungen konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Umlagerungen</translation>
    </message>
    <message>
        <source>Receive transfer %1</source>
        <translation>Umlagerung %1 annehmen</translation>
    </message>
    <message>
        <source>%1 × %2 from %3 to %4, sent by %5.</source>
        <translation>%1 × %2 von %3 nach %4, versandt von %5.</translation>
    </message>
    <message>
        <source>Units that &amp;arrived:</source>
        <translation>&amp;Angekommene Einheiten:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Every unit arrived.</source>
        <translation>Alle Einheiten sind angekommen.</translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s) will be recorded as lost in transit.</source>
        <translation>
            <numerusform>%n Einheit wird als unterwegs verloren gebucht.</numerusform>
            <numerusform>%n Einheiten werden als unterwegs verloren gebucht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Transfer %1 received: %2 × %3 at %4.</source>
        <translation>Umlagerung %1 angenommen: %2 × %3 in %4.</translation>
    </message>
    <message>
        <source>Transfer %1 received: %2 of %3 units at %4; %5 lost in transit.</source>
        <translation>Umlagerung %1 angenommen: %2 von %3 Einheiten in %4; %5 unterwegs verloren.</translation>
    </message>
    <message>
        <source>Your account may not receive transfers.</source>
        <translation>Ihr Konto darf keine Umlagerungen annehmen.</translation>
    </message>
</context>
</TS>
