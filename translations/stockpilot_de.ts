<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>There is no page called "%1".</source>
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
    <name>sp::views</name>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation>Ihr Konto darf das nicht.</translation>
    </message>
    <message>
        <source>The database cannot be reached right now (%1). Nothing was changed; try again when the connection is back.</source>
        <translation>Die Datenbank ist gerade nicht erreichbar (%1). Es wurde nichts geändert; versuchen Sie es erneut, sobald die Verbindung wieder steht.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
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
        <source>Line 1: this is neither a products file (sku,name,category,…) nor a stock counts file (sku,location,on_hand).</source>
        <translation>Zeile 1: Dies ist weder eine Artikeldatei (sku,name,category,…) noch eine Bestandszählung (sku,location,on_hand).</translation>
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
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
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
    <name>sp::views::Session</name>
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
        <source>e.g. SKU000001</source>
        <translation>z. B. SKU000001</translation>
    </message>
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
</context>
<context>
    <name>sp::views::StockPage</name>
    <message>
        <source>Search SKU or name…</source>
        <translation>Artikelnummer oder Name suchen…</translation>
    </message>
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
</context>
</TS>