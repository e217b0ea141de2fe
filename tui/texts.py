"""All user-facing text in Norwegian bokmål, in one place: the CLI, its help, and the TUI."""

import re

# --- reading files -----------------------------------------------------------------------
PATH_MISSING = "finnes ikke; sjekk stien"
NO_PLANS_IN_FOLDER = "mappen har ingen planer (*.toml)"
IS_DIRECTORY = "er en mappe, ikke en planfil; oppgi en .toml-fil"
CANNOT_READ = "kan ikke leses ({reason})"
BINARY_FILE = "ser ut som en binærfil, ikke en plan i TOML; åpne riktig fil"
NOT_UTF8 = "er ikke gyldig UTF-8 (byte {byte}); lagre filen som UTF-8 og prøv igjen"
EMPTY_FILE = "filen er tom; en plan trenger minst en [plan]-tabell (se docs/format.md)"
CONFLICT_MARKER = "git-konfliktmarkør; løs konflikten (git mergetool) før planen kan åpnes"
TOML_SYNTAX = "TOML-syntaksfeil i kolonne {column}: {detail}; rett linjen og prøv igjen"
TOML_SYNTAX_NO_POS = "TOML-syntaksfeil: {detail}"
# The TOML parser's (tomli's) messages, as patterns, in Norwegian; {0} is what the pattern's
# group caught. A message not here is shown as the parser wrote it.
TOML_DETAILS = [
    (r"Invalid statement", "ugyldig linje"),
    (r"Expected newline or end of document after a statement", "ventet linjeskift etter verdien"),
    (r"Expected '=' after a key in a key/value pair", "mangler «=» etter feltnavnet"),
    (r"Expected '\]' at the end of a table declaration", "mangler «]» etter tabellnavnet"),
    (r"Expected '\]\]' at the end of an array declaration", "mangler «]]» etter tabellnavnet"),
    (r"Expected (.+)", "ventet {0}"),
    (r"Found invalid character (.+)", "ugyldig tegn {0}"),
    (r"Cannot declare (.+) twice", "{0} står to ganger"),
    (r"Cannot overwrite a value", "en verdi står to ganger"),
    (r"Cannot mutate immutable namespace (.+)", "{0} er definert før og kan ikke utvides her"),
    (r"Cannot redefine namespace (.+)", "{0} er definert før"),
    (r"Invalid initial character for a key part", "ugyldig tegn først i et feltnavn"),
    (r"Unclosed array", "listen mangler «]»"),
    (r"Duplicate inline table key (.+)", "{0} står to ganger"),
    (r"Unclosed inline table", "mangler «}}»"),
    (r"Unescaped '\\' in a string", "en «\\» i en tekst må skrives «\\\\»"),
    (r"Invalid hex value", "ugyldig heksadesimal kode"),
    (r"Escaped character is not a Unicode scalar value", "ugyldig \\u-kode"),
    (r"Unterminated string", "teksten mangler avsluttende anførselstegn"),
    (r"Illegal character '\\n'", "teksten mangler avsluttende anførselstegn på linjen"),
    (r"Illegal character (.+)", "ugyldig tegn {0} i teksten"),
    (r"Invalid date or datetime", "ugyldig dato"),
    (r"Invalid value", 'ugyldig verdi (en tekst står i rette anførselstegn: ")'),
]


def toml_detail(detail: str) -> str:
    """The TOML parser's message in Norwegian (TOML_DETAILS), else as it is; its position
    "(at line 3, column 7)", if any, in Norwegian too."""
    where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", detail)
    if where:
        detail = detail[: where.start()]
    for pattern, words in TOML_DETAILS:
        found = re.fullmatch(pattern, detail)
        if found:
            detail = words.format(*found.groups())
            break
    return detail + (f" (linje {where[1]}, kolonne {where[2]})" if where else "")


TOO_DEEP = "for dypt nøstede lister eller tabeller; filen er ikke en plan"
TOMLKIT_CANNOT_EDIT = "kan ikke redigeres trygt ({detail}); ingenting er skrevet"

# --- saving ------------------------------------------------------------------------------
CHANGED_ON_DISK = (
    "filen er endret på disken siden den ble lest (git pull/checkout eller et annet program); "
    "ingenting er skrevet: les filen inn på nytt eller lagre under et annet navn"
)
VERIFY_FAILED = (
    "lagringen ble stoppet fordi kontrollen av ny tekst feilet ({detail}); filen er urørt"
)
VERIFY_DIFFERS = "innholdet avviker"
VERIFY_TABLE_IN_FIELD = "en tabell i et felt"
READ_ONLY_FILE = "filen er skrivebeskyttet; ingenting er skrevet"
CANNOT_WRITE = "kan ikke skrive ({reason}); filen er urørt"
SAVED = "lagret {path}"
NOTHING_CHANGED = "ingen endringer i {path}"

# --- check findings ----------------------------------------------------------------------
ERROR = "feil"
WARNING = "advarsel"
UNKNOWN_KEY = "ukjent felt «{key}» i {where} (beholdes); mente du «{hint}»?"
UNKNOWN_KEY_NO_HINT = "ukjent felt «{key}» i {where} (beholdes)"
WRONG_TYPE = "«{key}» i {where} skal være {expected}, men er {actual}"
MISSING_PLAN_TABLE = "mangler [plan]-tabellen med organisasjon, tittel og periode"
MISSING_ID = "{where} mangler id; legg til en unik id som første felt"
DUPLICATE_ID = "id «{id}» er brukt før (linje {first}); hver id skal være unik"
EMPTY_MEASURE = "tiltaket har ingen tekst"
INVALID_DEADLINE = "ugyldig frist «{text}»: {reason}"
OUTSIDE_PERIOD = "fristen «{text}»{date} ligger utenfor planperioden {period}"
CALENDAR_OUTSIDE_PERIOD = (
    "datoen «{text}»{date} i aktivitetsplanen ligger utenfor perioden {period}"
)
INVALID_CALENDAR_DATE = "ugyldig dato «{text}» i aktivitetsplanen: {reason}"
UNKNOWN_ROLE = "ukjent rolle «{role}»; nærmeste kjente er «{nearest}»"
UNKNOWN_ROLE_NO_HINT = "ukjent rolle «{role}»; legg den til i rollelisten eller rett stavingen"
UNKNOWN_STATUS = "ukjent status «{status}»; bruk en av: {allowed}"
UNKNOWN_BLOCK_TYPE = "ukjent innholdstype «{type}»; bruk en av: {allowed}"
BAD_PERIOD = "perioden «{period}» har ikke noe årstall (skriv f.eks. 2024–2025)"
BAD_ADOPTED = "vedtatt-datoen «{text}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"
BAD_ADOPTED_TYPED = (
    "vedtatt-datoen «{text}» er ikke en dato (skriv 2024-01-30 eller 30. januar 2024)"
)
ROW_WIDTH = "raden har {actual}, men tabellen har {expected}"
NESTED_WRONG = "«{key}» kan ikke stå i {where}; {hint}"
UNSUPPORTED_FORMAT = "formatversjon {version} er ukjent; denne versjonen leser format {supported}"
CHECK_CLEAN = "{count} kontrollert: ingen feil"
CHECK_SUMMARY = "{errors} og {warnings} i {count}"

# --- command line ------------------------------------------------------------------------
CLI_DESCRIPTION = (
    "Handlingsplanen til en fagforening: kontroller, list, endre og eksporter. "
    "Uten kommando åpner «handlingsplan [STI]» planene i STI (standard: plans/) i terminalen."
)
USAGE_ERROR = "{message}; se «{program} --help»"
BAD_DATE = "«{text}» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)"
UNKNOWN_MEASURE = (
    "fant ikke tiltak «{id}» (nummer som 3.2.4 eller id); "
    "se Ref.-kolonnen i «handlingsplan list {plan}»"
)
UNKNOWN_FIELD = "ukjent felt «{field}»; bruk en av: {allowed}"
BAD_ASSIGNMENT = "«{text}» er ikke FELT=VERDI"
PLAN_HAS_ERRORS = "planen har feil som må rettes før den kan endres: {first}"
NO_MATCHES = "ingen tiltak passer filteret"
INTERRUPTED = "avbrutt"

# Column headings for `list`.
COL_PLAN = "Plan"
COL_NUMBER = "Nr."
COL_TEXT = "Tiltak"
COL_RESPONSIBLE = "Ansvar"
COL_DEADLINE = "Frist"
COL_STATUS = "Status"
OVERVIEW_MEASURES = "{count} tiltak"
OUTPUT_EXISTS = "finnes allerede; velg et annet navn eller bruk --force for å overskrive"
EMPTY_SOURCE = "filen er tom; ingenting å importere"
IMPORT_PROGRESS = "importerer: {measures} så langt …"
IMPORT_SUMMARY = (
    "{chapters}, {sections}, {measures}, {lists}, {tables}, {calendar} i aktivitetsplanen"
)

# --- editing session (shared by the TUI) --------------------------------------------------
READ_ONLY_PLAN = "{name} er skrivebeskyttet; endringer kan ikke lagres"
STEP_EDIT = "endre tiltak"
STEP_ADD = "legg til tiltak"
STEP_DELETE = "slett tiltak"
STEP_MOVE = "flytt tiltak"
STEP_BLOCK = "endre innhold"
NEW_MEASURE_TEXT = "Nytt tiltak"
UNKNOWN_MEASURE_SHORT = "fant ikke tiltak «{id}»"
UNKNOWN_SECTION = "fant ikke «{id}»"

# --- TUI ----------------------------------------------------------------------------------
APP_TITLE = "handlingsplan"
TITLE_UNSAVED = "ulagret"
TITLE_READ_ONLY = "skrivebeskyttet"
NO_PLANS = "Ingen planer åpnet"
TAB_SECTION = "Seksjon"
TAB_MEASURES = "Tiltak"
TAB_CHANGES = "Endringer"
TAB_PREVIEW = "Forhåndsvisning"
TAB_FINDINGS = "Kontroll"
TREE_ROOT = "Planer"
TREE_ERROR = "⚠ {name}: {message}"
FILTER_TEXT_PLACEHOLDER = "/ søk i tiltak"
FILTER_DATE_PLACEHOLDER = "dato (1.6.)"
FILTER_ONGOING = "Kontinuerlig"
DEADLINE_ALL = "Alle frister"
DEADLINE_OVERDUE = "Forfalt"
DEADLINE_NEXT_30 = "Neste 30 dager"
DEADLINE_THIS_MONTH = "Denne måneden"
DEADLINE_BEFORE = "Før dato"
DEADLINE_AFTER = "Etter dato"
STATUS_ALL = "Alle statuser"
STATUS_NONE = "(ingen status)"
# The {…_key} fields are the keys bound now (a remap in keymap.toml shows here too).
FILTER_SUMMARY_NONE = "Ingen filter · {shown} tiltak · {roles_key}: roller · {search_key}: søk"
FILTER_SUMMARY = "{parts} · {shown} av {total} tiltak · {clear_key}: nullstill"
FILTER_ROLES = "Roller: {roles}"
FILTER_TEXT = "Tekst: «{text}»"
COL_NR = "Nr."
BLOCK_KIND = {
    "tekst": "Tekst",
    "liste": "Liste",
    "mål": "Mål",
    "tabell": "Tabell",
    "kalender": "Aktivitetsplan",
}
SECTION_EMPTY = "Velg et kapittel eller en seksjon i treet."
CHANGES_UNSAVED = "Ulagrede endringer"
CHANGES_COMMITTED = "Lagret, ikke committet (siden siste git-commit)"
CHANGES_NONE = "ingen"
CHANGES_HINT = "{diff_key}: vis rå git diff · {save_key}: lagre"
PREVIEW_HINT = "{write_key}: skriv til fil"
FINDINGS_COLUMNS = ("Alvor", "Melding", "Fil:linje")
FINDINGS_NONE = "Ingen funn i åpne planer."
SAVED_NOTICE = "Lagret {name}"
NOTHING_TO_SAVE = "Ingen endringer å lagre"
UNDO_NOTICE = "Angret: {label}"
REDO_NOTICE = "Gjort om: {label}"
NOTHING_TO_UNDO = "Ingenting å angre"
NOTHING_TO_REDO = "Ingenting å gjøre om"
WROTE_FILE = "Skrev {path}"
SELECT_MEASURE_FIRST = "Velg et tiltak først"
SELECT_SECTION_FIRST = "Velg en seksjon først"
SELECT_BLOCK_FIRST = "Velg et innhold (tekst, liste, tabell) først"

EDIT_TITLE = "Rediger {label}"
EDIT_TEXT = "Tekst"
EDIT_ROLES = "Ansvar (mellomrom velger)"
EDIT_NEW_ROLE = "Ny rolle: skriv og trykk Enter"
EDIT_QUALIFIER = "Merknad til ansvar"
EDIT_DEADLINE = "Frist (slik den skal stå)"
EDIT_SAVE = "Bruk ({key})"
EDIT_APPLY = "Bruk"
EDIT_CANCEL = "Avbryt (esc)"
CANCEL = "Avbryt"  # a dialog's escape key, in its footer
EDIT_EXTERNAL = "{key}: åpne teksten i $EDITOR"
DEADLINE_MEANING = "→ {meaning}"
BLOCK_EDIT_TITLE = "Rediger {kind}"
BLOCK_EDIT_HELP = {
    "tekst": "Teksten slik den skal stå; tom linje skiller avsnitt.",
    "mål": "Teksten til målet.",
    "liste": "Ett punkt per linje.",
    "tabell": "Første linje er overskriftene; celler skilles med tabulator (Tab-tasten "
    "skriver en her; knappene under bruker og avbryter).",
    "kalender": "Én aktivitet per linje: dato, aktivitet og målgruppe skilt med tabulator "
    "(Tab-tasten skriver en her; knappene under bruker og avbryter).",
}
CONFIRM_DELETE = "Slette {label}?\n«{text}»"
CONFIRM_DISCARD_EDIT = "Forkaste det du har skrevet i skjemaet?"
YES = "Ja"
NO = "Nei"
QUIT_TITLE = "Det finnes ulagrede endringer"
QUIT_SAVE = "Lagre og avslutt"
QUIT_DISCARD = "Forkast og avslutt"
QUIT_KEEP = "Fortsett å redigere"
DISK_TITLE = "{name} er endret på disken"
DISK_BODY = (
    "Filen ble endret utenfor programmet (git pull, git checkout eller en annen "
    "editor). Ingenting er overskrevet."
)
DISK_RELOAD = "Les inn på nytt (forkaster mine endringer)"
DISK_SAVE_AS = "Lagre mine endringer som ny fil"
DISK_DIFF = "Vis forskjellen"
DISK_KEEP = "Bestem senere"
DISK_KEEP_MINE = "Behold mine endringer oppå filen på disken"
DISK_MINE_KEPT = "{name} er lest inn på nytt med dine endringer oppå (ulagret)"
DISK_BOTH_CHANGED = (
    "Både du og filen på disken har endret: {fields}. Velg et annet svar (se forskjellen, "
    "eller lagre dine endringer som ny fil)."
)
DISK_RELOADED = "{name} ble endret på disken og er lest inn på nytt"
CHANGES_NOT_IN_GIT = "mappen er ikke et git-lager (git init, og «handlingsplan git-setup»)"
SAVE_AS_PROMPT = "Lagre som (sti):"
WRITE_PREVIEW_PROMPT = "Skriv Markdown til (sti):"
ROLE_PICKER_TITLE = "Filtrer på roller (mellomrom velger, enter bruker)"
HELP_TITLE = "Hjelp"
EDITOR_FAILED = "Kunne ikke starte redigeringsprogrammet: {reason}"
FILE_ERRORS = "{count} kunne ikke åpnes; se Kontroll"
NOT_DOCX = (
    "er ikke et Word-dokument (.docx er en zip-fil); lagre som .docx eller eksporter som ren tekst"
)
BAD_DOCX = "kan ikke leses som Word-dokument ({reason})"
DIFF_DISK = "på disken"
DIFF_MINE = "mine endringer"

# --- one door for every change, safe file writes (issue 12) --------------------------------
PLAN_LOCKED = (
    "en annen prosess har holdt planen låst i {seconds} s (en lagring som henger?); "
    "ingenting er skrevet, prøv igjen"
)
OUTPUT_NOT_REGULAR = "er ikke en vanlig fil (mappe, enhet eller FIFO); velg et filnavn"
OUTPUT_IS_INPUT = "er filen det leses fra; velg et annet filnavn for resultatet"
OUTPUT_IS_PLAN = "er en plan og blir ikke overskrevet; velg et annet filnavn"

# --- bad input: dates, filters, imports (issue 12) ---
YEAR_OUT_OF_RANGE = "år {year} finnes ikke i kalenderen (bruk et år fra 1 til 9999)"
BAD_PERIOD_YEAR = "perioden «{period}» har et årstall som ikke finnes (bruk et år fra 1 til 9999)"
EMPTY_OPTION = "{option} er gitt uten verdi (skriv en verdi eller utelat {option})"
DOCX_TOO_LARGE = (
    "pakker seg ut til {unpacked} MB fra {packed} MB, mer enn et Word-dokument gjør "
    "(lagre dokumentet på nytt i Word, eller eksporter det som ren tekst)"
)
DOCX_BAD_XML = (
    "er et skadet Word-dokument: XML-feil på linje {line}, kolonne {column} i en del av filen "
    "(åpne det i Word og lagre på nytt, eller eksporter det som ren tekst)"
)
FRONT_MATTER_UNCLOSED = (
    "front matter begynner med --- men slutter aldri (legg til en linje med --- etter den)"
)
FRONT_MATTER_BAD_VALUE = (
    "«{key}» i front matter kan ikke leses: {reason} (skriv verdien på én linje i anførselstegn)"
)
FRONT_MATTER_UNCLOSED_QUOTE = "anførselstegnet lukkes ikke på samme linje"
FRONT_MATTER_AFTER_QUOTE = "tekst etter det avsluttende anførselstegnet"
FRONT_MATTER_BAD_ESCAPE = "ukjent escape «{escape}»"
ARGUMENT_NOT_UTF8 = (
    "argumentet «{argument}» er ikke gyldig UTF-8 (skriv det i UTF-8; "
    "en fil med et navn som ikke er UTF-8, må få nytt navn)"
)

# --- recovery journal and unexpected errors (issue 12) -------------------------------------
STEP_REPLACE = "gjenopprett tidligere versjon"
RECOVERY_ID_TAKEN = "id «{id}» er allerede i bruk i planen"
RECOVERY_TITLE = "Ulagrede endringer i {name} fra {when}"
RECOVERY_BODY = (
    "Programmet ble avsluttet uten å lagre {count}. "
    "Gjenoppretting legger dem på filen slik den er nå; lagre med {save_key} etterpå."
)
RECOVERY_BODY_FILE_CHANGED = " Filen er endret siden den gang."
RECOVERY_RESTORE = "Gjenopprett endringene"
RECOVERY_SHOW = "Vis endringene"
RECOVERY_DISCARD = "Forkast endringene"
RECOVERY_SHOW_TITLE = "Endringer som kan gjenopprettes i {name}"
RECOVERY_RESTORED = "Gjenopprettet {count} i {name}; ikke lagret ennå"
RECOVERY_NOT_APPLIED = "Kunne ikke gjenopprette «{label}»: {reason}"
RECOVERY_FILE_CHANGED = "filen er endret siden, så en hel tidligere versjon kan ikke legges på"
RECOVERY_UNKNOWN_OP = "ukjent operasjon «{op}»"
RECOVERY_DAMAGED = "gjenopprettingsfilen er skadet ({reason}); den er lagt til side som {moved}"
RECOVERY_NOT_UTF8 = "ikke UTF-8"
RECOVERY_BAD_JSON = "ikke gyldig JSON, linje {line} kolonne {column}"
RECOVERY_NO_OPS = "mangler listen over endringer"
RECOVERY_FORMAT = "ukjent format {version}"
RECOVERY_CANNOT_WRITE = "kan ikke skrive gjenopprettingsfilen i {folder} ({reason}); lagre ofte"
RECOVERY_NOTHING = "ingen endringer"
UNEXPECTED_ERROR = "Uventet feil: {error} (detaljer i {log}); endringene dine er tatt vare på"
UNEXPECTED_EXIT = (
    "uventet feil: {error}; detaljer i {log}. Ulagrede endringer tilbys ved neste start"
)
SIGNAL_EXIT = "avsluttet av signal {name}; ulagrede endringer tilbys ved neste start"

# --- the year's cycle: next-period, report, calendar (issue 17) ---------------------------
NEXT_PERIOD_BAD_PERIOD = (
    "«{text}» er ikke et år eller en periode av år (skriv f.eks. 2026 eller 2026–2027)"
)
NEXT_PERIOD_EXISTS = "finnes allerede og blir ikke overskrevet; velg et annet navn med -o"
NEXT_PERIOD_WROTE = (
    "{target}: ny plan for {period} fra {source}: {kept} tiltak videreført uten status, "
    "{left_out} utelatt"
)
NEXT_PERIOD_LEFT_OUT_HEADING = "  utelatt, med nummeret de hadde i {source}:"
NEXT_PERIOD_LEFT_OUT = "    ({status}) {label} [{id}] «{text}»"
NEXT_PERIOD_TO_FIX_HEADING = "  å rette i {target}, med nummeret der:"
NEXT_PERIOD_OUTSIDE = (
    "    frist utenfor {period}: {label} [{id}] «{deadline}» (rett eller fjern fristen)"
)
NEXT_PERIOD_INVALID = "    ugyldig frist: {label} [{id}] «{deadline}» (rett fristen)"
NEXT_PERIOD_EMPTIED = "  aktivitetsplan tømt: {committee} ({count})"
NEXT_PERIOD_OPENED = "Ny plan {path} er åpnet"
NEXT_PERIOD_PROMPT = "Ny plan for perioden (f.eks. 2026–2027):"
NEXT_PERIOD_SAVE_FIRST = "Lagre {name} først: neste periode lages fra filen"
NEXT_PERIOD_PALETTE = ("Neste periode", "Ny plan for neste periode fra planen i visning; åpnes")
REPORT_PALETTE = ("Rapport", "Planens del av årsberetningen: status, antall, forfalte")

REPORT_TITLE = "Rapport: {title}"
REPORT_AS_OF = "Status per {date}."
REPORT_FROM_COMMIT = "Planen slik den var i git-commit {commit} ({date})."
REPORT_NOT_IN_GIT = "Planen er ikke i et git-depot, så statusene vises uten dato."
REPORT_NOT_COMMITTED = "Planen er ikke committet i git ennå, så statusene vises uten dato."
REPORT_NO_COMMIT_BEFORE = "har ingen git-commit {date} eller tidligere (velg en senere --as-of)"
REPORT_SUMMARY = "Oppsummering"
REPORT_PER_CHAPTER = "Per kapittel"
REPORT_OVERDUE = "Forfalte tiltak per {date}"
REPORT_NO_OVERDUE = "Ingen tiltak er forfalt."
REPORT_STATUS = "Status"
REPORT_COUNT = "Antall"
REPORT_TOTAL = "Sum"
REPORT_CHAPTER = "Kapittel"
REPORT_MEASURE = "Tiltak"
REPORT_RESPONSIBLE = "Ansvar"
REPORT_DEADLINE = "Frist"
REPORT_SET = "Satt"
REPORT_UNCOMMITTED = "ikke committet"
REPORT_NO_STATUS = "uten status"
REPORT_OTHER_STATUS = "annen status"
REPORT_TAB_TITLE = "Rapport"

CALENDAR_NAME = "{title}"
CALENDAR_DEADLINE = "Frist: {text}"
CALENDAR_CLOSED = "({status}) {text}"
CALENDAR_EMPTY = (
    "ingen tiltak har en datert frist og ingen aktivitet en dato, så ingen kalender er skrevet "
    "(«Kontinuerlig» og tomme frister står ikke i en kalender)"
)
CALENDAR_DEADLINE_RANGE = "Frist: {text} ({deadline})"
CALENDAR_RANGE_NOTE = "Fristen er «{deadline}»; hendelsen står på siste dag ({day})."
CALENDAR_ACTIVITY_NOTE = "Datoen er «{date}»; hendelsen står på første dag ({day})."
CALENDAR_RESPONSIBLE = "Ansvar: {names}"
CALENDAR_TARGET_GROUP = "Målgruppe: {group}"
CALENDAR_REFERENCE = "{title}, {label} (id {id})"
CALENDAR_ACTIVITY_REFERENCE = "{title}, aktivitetsplan: {committee}"
CALENDAR_SUMMARY = "{target}: {events} ({deadlines}, {activities})"
CALENDAR_INVALID_COUNT = "{count} ugyldige datoer er utelatt:"
CALENDAR_INVALID = "  {where}: «{text}»: {reason}"
# --- git: diff in words, merge driver, commit, a measure's log (issue 18) ---
DIFF_HEADER = "Endringer i {path}:"
DIFF_NO_CHANGES = "  (ingen endringer i planens innhold)"
DIFF_NOT_A_PLAN = "handlingsplan: {error}; viser vanlig linjediff"
GIT_FAILED = "git feilet: {detail}"
GIT_NOT_REPO = "er ikke i et git-depot (kjør git init først)"
GIT_NO_COMMITS = "git-depotet har ingen commits ennå (commit planen først)"
GIT_MERGE_IN_PROGRESS = "en git merge pågår; fullfør eller avbryt den (git merge --abort) først"
GIT_OTHERS_STAGED = (
    "andre filer er lagt til for commit ({files}); commit eller fjern dem (git restore --staged) "
    "først"
)
GIT_MERGE_DRIVER_NAME = "handlingsplan: flett planer tiltak for tiltak"
GIT_SETUP_ATTRIBUTES = "{path}: la til «{line}»"
GIT_SETUP_CONFIG = "git config {key} = {value}"
GIT_SETUP_NOTHING = "git er allerede satt opp for handlingsplan; ingenting endret"
COMMIT_SUBJECT = "Handlingsplan: {first}"
COMMIT_SUBJECT_MORE = "(+{changes})"
COMMIT_EMPTY_MESSAGE = "commit-meldingen er tom; skriv en melding"
COMMIT_NOTHING = "ingen lagrede endringer å committe"
COMMIT_DONE = "Committet {commit}: {subject}"
COMMIT_TITLE = "Commit lagrede endringer"
COMMIT_CHANGES = "Endringer som commites:"
COMMIT_MESSAGE = "Commit-melding (kan redigeres):"
COMMIT_OK = "Commit"
COMMIT_CANCEL = "Avbryt"
MERGE_OURS = "vår versjon"
MERGE_THEIRS = "deres versjon"
MERGE_CONFLICT_FIELD = "git-konflikt i {where}, feltet {key} (velg én side og fjern markørene)"
MERGE_CONFLICT_RECORD = (
    "git-konflikt i {where}: endret på den ene siden, slettet på den andre "
    "(behold eller slett det, og fjern markørene)"
)
MERGE_CONFLICTS = "{path}: {count} konflikt(er) markert; se handlingsplan check {path}"
MERGE_FALLBACK = "{path}: kan ikke flettes tiltak for tiltak ({reason}); vanlig git-konflikt"
MERGE_FALLBACK_STRUCTURE = "samme liste er omordnet ulikt på begge sider"
LOG_NO_CHANGES = "ingen commits endret tiltaket {ref}"
LOG_UNKNOWN_MEASURE = (
    "finner ikke tiltaket «{ref}» (bruk id-en, f.eks. t-1a2b3c4d, eller nummeret, f.eks. 3.2.4)"
)
LOG_TITLE = "Historikk for {label}"
DIFF_ARGUMENTS = "diff tar to filer (GAMMEL NY) eller de 7 argumentene fra git"
PALETTE_COMMIT = "Commit lagrede endringer"
PALETTE_LOG_NAME = "Historikk"
PALETTE_LOG = "Historikken til markert tiltak fra git"


# --- recovery gaps: exit lines, typed form values, conflicts (issue 12) -------------------
RECOVERY_WRITE_FAILED = "kan ikke skrive i {folder}: {reason}"
SIGNAL_EXIT_NOTHING_UNSAVED = "avsluttet av signal {name}"
SIGNAL_EXIT_EDITS_LOST = (
    "avsluttet av signal {name}; ulagrede endringer kunne ikke tas vare på ({problem})"
)
UNEXPECTED_EXIT_NOTHING_UNSAVED = "uventet feil: {error}; detaljer i {log}"
UNEXPECTED_EXIT_EDITS_LOST = (
    "uventet feil: {error}; detaljer i {log}. Ulagrede endringer kunne ikke tas vare på ({problem})"
)
RECOVERY_MEASURE = "{number} «{text}»"
RECOVERY_TYPED_INVALID = "skrevet i skjemaet for {measure}, men ikke gyldig: {fields}"
RECOVERY_TYPED_FIELD = "{field} «{text}» ({reason})"
RECOVERY_CONFLICT = (
    "Konflikt i {measure}: {field} er «{disk}» i filen, men «{mine}» i de ulagrede "
    "endringene; filens verdi er beholdt"
)
RECOVERY_BLOCK_CONFLICT = (
    "Konflikt i {section}: {kind} er endret i filen siden; filens innhold er beholdt, "
    "de ulagrede endringene var «{mine}»"
)


# --- CLI gaps: outputs, calendar, report, next-period, filters, import (issue 17) ---
CALENDAR_DATE_TOO_LATE = "31.12.9999 er siste dag en kalender kan ha; datoen kan ikke vises"
UNKNOWN_STATUS_FILTER = "ukjent status «{status}» i --status; mente du «{close}»?"
REPORT_AS_OF_NOT_COMMITTED = (
    "er ikke committet i git ennå, så --as-of har ingen versjon å vise (commit planen eller "
    "utelat --as-of)"
)
CALENDAR_PLAN_HAS_ERRORS = "planen har feil som må rettes før kalenderen kan lages: {first}"
NEXT_PERIOD_NOT_LATER = (
    "den nye perioden {new} begynner ikke etter planens periode {old} (velg en senere periode)"
)
FRONT_MATTER_IS_LIST = (
    "front matter er en liste; skriv én «nøkkel: verdi» per linje (f.eks. title: Handlingsplan)"
)
FRONT_MATTER_NOT_TEXT = "en verdi som begynner med «{start}» er ikke tekst i YAML"
# Why the operating system refused, by errno name (storage.os_reason; English strerror for
# the rest).
OS_ERROR_REASONS = {
    "ENOENT": "finnes ikke",
    "ENOTDIR": "en del av stien er ikke en mappe",
    "ELOOP": "for mange nivåer av symbolske lenker; en lenke peker kanskje på seg selv",
    "EACCES": "ingen tilgang",
    "EPERM": "ikke tillatt",
    "EISDIR": "er en mappe",
    "ENOSPC": "det er ikke mer plass på disken",
    "EDQUOT": "diskkvoten er brukt opp",
    "EROFS": "filsystemet er skrivebeskyttet",
    "ENAMETOOLONG": "filnavnet er for langt",
    "EIO": "lese- eller skrivefeil på disken",
}
# --- the field table, add and meta (issues 13 and 15) ---
MEASURE_NOUN = "Tiltak"  # "3.2 Tiltak 4"
FIELD_TEXT = "Tekst"
FIELD_RESPONSIBLE = "Ansvar"
FIELD_QUALIFIER = "Merknad"
FIELD_DEADLINE = "Frist"
FIELD_STATUS = "Status"
FIELD_COMMENT = "Kommentar"
FIELD_BUDGET = "Budsjett"
FIELD_PROJECT = "Prosj.nr."
FIELD_ORGANISATION = "Organisasjon"
FIELD_BRANCH = "Avdeling"
FIELD_TITLE = "Tittel"
FIELD_PERIOD = "Periode"
FIELD_ADOPTED = "Vedtatt"
CALENDAR_DATE = "Dato"
CALENDAR_ACTIVITY = "Aktivitet"
CALENDAR_AUDIENCE = "Målgruppe"
SCHEMA_TITLE = "Handlingsplan (format 1)"
SCHEMA_DESCRIPTION = "En fagforenings handlingsplan. Se docs/format.md."
SCHEMA_ID = "Stabil, opak id; aldri gjenbrukt."
SCHEMA_TEXT = "Hva som skal gjøres."
SCHEMA_RESPONSIBLE = "Ansvarlige roller, slik de er skrevet."
SCHEMA_QUALIFIER = "F.eks. «etter innspill fra yrkesseksjoner»."
SCHEMA_DEADLINE = "Fristen slik den er skrevet: «1. juni», «Innen oktober», «Kontinuerlig»."
TYPE_TEXT = "tekst"
TYPE_TEXT_OR_NUMBER = "tekst eller tall"
TYPE_ROLES = "en liste med roller"
UNKNOWN_FIELD_CLOSE = "ukjent felt «{field}»; mente du «{close}»?"
EDIT_INTERNAL = "{label} (intern)"  # a field of the form that is not published
STEP_META = "endre planinfo"
UNKNOWN_SECTION_REF = (
    "fant ikke seksjon «{section}»; bruk nummeret (f.eks. 3.2) eller id-en "
    "(se «handlingsplan show {plan}»)"
)
ADD_NEEDS_TEXT = "et nytt tiltak trenger tekst (skriv text=… eller tekst=…)"
ADD_HELP = "legg til et tiltak sist i en seksjon (minimal diff); skriver nummer og id"
ADD_DESCRIPTION = (
    "SEKSJON er seksjonens nummer (3.2) eller id. Felt: {fields}. text er påkrevd; "
    "responsible tar en kommaliste. Skriver det nye tiltakets nummer og id på stdout."
)
META_HELP = "endre planinfo: tittel, periode, organisasjon, avdeling, vedtatt (minimal diff)"
META_DESCRIPTION = (
    "Felt: {fields} (eller TOML-nøklene {keys}). vedtatt skrives 2024-01-30 eller 30. januar 2024."
)
PLAN_INFO_PALETTE = ("Planinfo", "Tittel, periode, organisasjon, avdeling og vedtatt-dato")
PLAN_INFO_TITLE = "Planinfo"
HELP_PLAN_FILE = "én planfil"
HELP_SECTION = "seksjonens nummer (f.eks. 3.2) eller id"
HELP_MEASURE_VALUES = "felt og verdi, f.eks. text=… deadline=1. juni status=pågår"
HELP_META_VALUES = "felt og verdi, f.eks. title=… period=2024–2025 adopted=2024-01-30"


# --- one filter for list, export, calendar and the TUI; list for scripts (issues 13, 15) ---
FILTER_AND = " og "
FILTER_OR = " eller "
FILTER_STATUS = "Status: {statuses}"
FILTER_OPEN = "Ikke fullført eller avlyst"
FILTER_DUE_WITHIN = "Frist innen {days} {unit}"
FILTER_THIS_MONTH = "Frist denne måneden"
FILTER_DUE_BEFORE = "Frist før {day}"
FILTER_DUE_AFTER = "Frist etter {day}"
FILTER_NO_ONGOING = "Uten kontinuerlige"
DAY = "dag"
DAYS = "dager"
STATUS_OPEN = "Åpne tiltak"  # not fullført or avlyst (the summary line says so)
BAD_DAYS = "«{text}» er ikke et antall dager (skriv et helt tall, f.eks. 14)"
UNKNOWN_ROLE_FILTER = "ukjent rolle «{role}» i --role; mente du «{close}»?"
UNKNOWN_ROLE_FILTER_NO_HINT = (
    "ukjent rolle «{role}» (ingen tiltak har den; se rollene i «handlingsplan list»)"
)
LIST_FILTER = "Filter: {parts} · {shown} av {total} tiltak"
COL_REFERENCE = "Ref."
SSG_NOT_HTML = (
    "--profile ssg er Markdown for en nettstedsgenerator; bruk --format md, eller --profile cms "
    "for HTML"
)
EXPORT_NO_MATCHES = "ingen tiltak passer filteret, så ingenting er skrevet (endre filteret)"
HELP_ROLE = "ansvarlig rolle (kan gjentas; alle må passe, eller én med --any-role)"
HELP_ANY_ROLE = "det holder at én av rollene gitt med --role passer (eller, ikke og)"
HELP_OPEN = "bare tiltak som ikke er fullført eller avlyst"
HELP_STATUS = "status (kan gjentas; én må passe)"
HELP_DUE_WITHIN = "frist fra i dag og N dager fram (--due-within 30 er TUI-ens «Neste 30 dager»)"
HELP_THIS_MONTH = "frist i inneværende måned"
HELP_NO_ONGOING = "uten tiltak med frist «Kontinuerlig» (TUI-ens avkrysning Kontinuerlig av)"
HELP_OVERDUE = "fristen er passert, og tiltaket er ikke fullført eller avlyst"
HELP_DUE_BEFORE = "frist strengt før DATE"
HELP_DUE_AFTER = "frist strengt etter DATE"
HELP_TEXT = "alle ordene må forekomme"
HELP_TODAY = "regn som om i dag er DATE (for planlegging)"
HELP_MEASURE_REFERENCE = "tiltakets id eller nummer (3.2.4, som i «handlingsplan list»)"

# --- preview (issue 14; the overwrite question from issue 15) ---
PREVIEW_OVERWRITE = "{path} finnes allerede. Skrive over den?"

# --- import of any plan a branch has written (issue 16) ---
IMPORT_TRACKED_CHANGES = (
    "dokumentet har sporede endringer; innsettinger er tatt med og slettinger utelatt "
    "(godta eller avvis endringene i Word for å være sikker)"
)
IMPORT_TOC_SKIPPED = "innholdsfortegnelse hoppet over (overskriftene leses der de står)"
IMPORT_NO_DEADLINE = "{label} «{text}» har ingen frist"
IMPORT_NO_RESPONSIBLE = "{label} «{text}» har ingen ansvarlig"
IMPORT_LABEL_SPLIT = "«{label}» sto klistret til overskriften; skilt ut som eget avsnitt"
IMPORT_HEADING_GUESSED = "«{title}» tolket som overskrift"
IMPORT_RENUMBERED = (
    "«{typed} {title}» får nummer {number} i planen, som nummererer etter rekkefølgen; "
    "sjekk at ingen del mangler i dokumentet"
)
IMPORT_TEXT_FROM_ABOVE = (
    "tiltakets tekst er tatt fra avsnittet eller punktet over ansvar/frist; sjekk at det er riktig"
)
IMPORT_MEASURE_WITHOUT_TEXT = "ansvar/frist uten tiltakstekst; fyll inn teksten"
IMPORT_HEADER_REPEATED = "gjentatt overskriftsrad i tabellen hoppet over"
IMPORT_TABLE_AS_MEASURES = (
    "tabellen er lest som tiltak (kolonneoverskriftene nevner tiltak og ansvar/frist)"
)
IMPORT_ROW_WITHOUT_TEXT = (
    "aktivitetsrad uten tekst; tiltaket har fått overskriftens tekst «{title}»"
)
IMPORT_META_FOUND = "{field} «{value}» hentet fra dokumentet"
IMPORT_META_MISSING = "fant ingen {field} i dokumentet; oppgi {flag} eller fyll inn {key} i [plan]"
IMPORT_STRICT = "{count}, og --strict er gitt; ingen plan skrevet"
IMPORT_DECODED = "teksten er ikke UTF-8; lest som {encoding}"
IMPORT_REFUSED = {
    "odt": (
        "OpenDocument-tekst (.odt) leses ikke; åpne den i LibreOffice eller Word og lagre som .docx"
    ),
    "doc": "Word 97–2003-dokument (.doc) leses ikke; lagre som .docx i Word",
    "rtf": "RTF-dokument leses ikke; lagre som .docx i Word",
    "pdf": (
        "PDF leses ikke; åpne den i Word og lagre som .docx, eller kopier teksten til en .txt-fil"
    ),
    "zip": "et zip-arkiv som ikke er et Word-dokument; pakk det ut og importer .docx-filen",
    "binary": "ukjent binærformat, ikke et dokument importen kan lese; lagre som .docx i Word",
}
IMPORT_META_FLAGS = {
    "periode": ("periode", "--period ÅR–ÅR", "periode"),
    "organisasjon": ("organisasjon", "--organisation NAVN", "organisasjon"),
    "avdeling": ("avdelingsnummer", "--branch NR", "avdeling"),
    "tittel": ("tittel", "--title TEKST", "tittel"),
}
# --- a thin App: help from the focused widget, keys from the live bindings (issue 13) ---
# What each area is for; the keys that work there are listed under it from the bindings,
# so no key is named here.
HELP = {
    "tree": "Treet viser planer, kapitler og seksjoner med antall tiltak som passer filteret. "
    "Innholdet i linjen du står på vises til høyre med en gang.",
    "measures": "Tiltakene i seksjonen: rediger, legg til, slett og flytt dem; x, s, f og o "
    "endrer status, frist og ansvar med én tast. ▲ foran fristen: passert (tiltaket er åpent); "
    "△: innen 14 dager.",
    "all": "Alle tiltak i åpne planer. Trykk på en kolonneoverskrift for å sortere på den; x, s, "
    "f og o endrer status, frist og ansvar med én tast. ▲ foran fristen: passert (tiltaket er "
    "åpent); △: innen 14 dager.",
    "blocks": "Innholdet i seksjonen: tekst, lister, tabeller og aktivitetsplaner.",
    "filters": "Filtrene gjelder med en gang: tekst, frist, dato, status og Kontinuerlig; "
    "enter går til tiltakene som passer. m viser agendaen til neste styremøte.",
    "changes": "Ulagrede endringer og endringer siden siste git-commit, i ord.",
    "preview": "Markdown slik «handlingsplan export» lager den for planen og filteret.",
    "findings": "Funn fra «handlingsplan check».",
    "form": "Endringene gjelder når du bruker skjemaet; en verdi som ikke kan leses, vises "
    "under feltet og blir ikke lagret.",
}
HELP_KEYS = "Taster her:"
HELP_KEY_LINE = "  {key:<12} {what}"
PALETTE_KEY = "{what} ({key})"


# --- import: what check will refuse (issue 16) ---
IMPORT_CHECK_ERRORS = (
    "{path}: «handlingsplan check» melder feilene over; rett dem i filen, med "
    "«handlingsplan set PLAN REF felt=verdi» eller «handlingsplan meta PLAN felt=verdi»"
)


# --- argparse's own words, as the user sees them (issue 15) ---
# The English text argparse passes to gettext -> ours. What argparse says to a developer
# (conflicting options, bad add_argument calls) stays English: no user sees it.
ARGPARSE = {
    "usage: ": "bruk: ",
    "positional arguments": "argumenter",
    "options": "valg",
    "show this help message and exit": "vis denne hjelpen og avslutt",
    "the following arguments are required: %s": "mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldig valg: %(value)r (velg blant %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "mangler en verdi",
    "expected at least one argument": "mangler minst én verdi",
    "expected at most one argument": "tar høyst én verdi",
    "expected %s argument": "tar %s verdi",
    "expected %s arguments": "tar %s verdier",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydig valg: %(option)s kan være %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig verdi: %(value)r",
    "not allowed with argument %s": "kan ikke brukes sammen med %s",
    "one of the arguments %s is required": "ett av argumentene %s må være med",
    "ignored explicit argument %r": "tar ingen verdi (fikk %r)",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukjent kommando %(parser_name)r (velg blant %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan ikke åpne «%(filename)s»: %(error)s",
}


# --- counts with their nouns in the right number (issue 15: "1 advarsler") ---
PLANS = ("plan", "planer")
ERRORS = ("feil", "feil")
WARNINGS = ("advarsel", "advarsler")
CELLS = ("celle", "celler")
COLUMNS = ("kolonne", "kolonner")
CHANGES = ("endring", "endringer")
CHAPTERS = ("kapittel", "kapitler")
SECTIONS = ("seksjon", "seksjoner")
MEASURES = ("tiltak", "tiltak")
LISTS = ("liste", "lister")
TABLES = ("tabell", "tabeller")
ACTIVITIES = ("aktivitet", "aktiviteter")
EVENTS = ("hendelse", "hendelser")
DEADLINES = ("frist", "frister")


def amount(count: int, noun: tuple[str, str]) -> str:
    """'1 advarsel', '2 advarsler': a count with its noun in the right number."""
    return f"{count} {noun[0] if count == 1 else noun[1]}"


# --- one key for the frequent changes (issue 15) ---
STATUS_TITLE = "Status for {label} (bokstaven eller enter velger)"
DEADLINE_TITLE = "Frist for {label} (enter bruker, esc avbryter)"
ROLES_TITLE = "Ansvar for {label} (mellomrom velger, enter bruker)"
QUICK_EDIT_DONE = "{label}: {what} (ulagret)"
NEW_MEASURE_LABEL = "nytt tiltak i {section}"

# --- the agenda for the next board meeting (issue 15) ---
AGENDA_HELP = "tiltak til neste styremøte: åpne tiltak for rollene med frist før møtet"
AGENDA_DESCRIPTION = (
    "De åpne tiltakene (ikke fullført eller avlyst) som en av rollene har ansvar for, med frist "
    "før neste styremøte. Møtedatoen huskes for planmappen: --before DATO gir den og husker den."
)
AGENDA_ROLE = "en rolle (kan gjentas: én av dem er nok); uten --role: alle roller"
AGENDA_BEFORE = "datoen for neste styremøte (1.7, 1. juli, 2026-07-01); huskes for mappen"
AGENDA_NO_MEETING = "ingen møtedato husket for denne mappen (oppgi den med --before DATO)"
AGENDA_MEETING_PASSED = "møtedatoen {day} er passert (oppgi neste med --before DATO)"
AGENDA_FILE_BROKEN = "kan ikke lese møtedatoene i {path}: {error} (filen skrives på nytt)"
AGENDA_NOT_A_TABLE = "ikke en tabell"
AGENDA_NOT_REMEMBERED = "møtedatoen ble ikke husket: {error}"
AGENDA_TITLE = "Agenda til neste styremøte: åpne tiltak med frist før møtet"
AGENDA_DATE_LABEL = "Neste styremøte (frist før denne datoen)"
AGENDA_ROLES_LABEL = "Hvem (bokstav hopper, mellomrom velger; én av dem er nok)"
AGENDA_DATE_PLACEHOLDER = "1.7, 1. juli eller 2026-07-01"
AGENDA_DATE_MISSING = "skriv datoen for neste styremøte"
ROLE_PICKER_ANY = "Minst én av rollene (eller); uten: alle valgte (og)"


# Textual's own widgets' words for a key that its footer shows.
TEXTUAL_KEYS = {"Dismiss menu": "Lukk listen", "Exit the command palette": "Lukk paletten"}

# --- the keys' descriptions, by binding id (footer, F1 help, keymap.toml) ---
KEYS = {
    "handlingsplan.measure.done": "Fullført",
    "handlingsplan.measure.status": "Status",
    "handlingsplan.measure.deadline": "Frist",
    "handlingsplan.measure.roles": "Ansvar",
    "handlingsplan.agenda": "Agenda",
    "handlingsplan.palette": "palett",
    "handlingsplan.all.edit": "Rediger",
    "handlingsplan.all.sort_deadline": "Frist",
    "handlingsplan.all.sort_nr": "Nr.",
    "handlingsplan.all.sort_role": "Ansvar",
    "handlingsplan.all.sort_status": "Status",
    "handlingsplan.back": "Tilbake",
    "handlingsplan.block.down": "Ned",
    "handlingsplan.block.edit": "Rediger innhold",
    "handlingsplan.block.up": "Opp",
    "handlingsplan.block_form.editor": "$EDITOR",
    "handlingsplan.clear": "Nullstill filter",
    "handlingsplan.commit": "Commit",
    "handlingsplan.finding.go": "Gå til",
    "handlingsplan.form.editor": "$EDITOR",
    "handlingsplan.git_diff": "Git diff",
    "handlingsplan.help": "Hjelp",
    "handlingsplan.log": "Historikk",
    "handlingsplan.measure.add": "Nytt tiltak",
    "handlingsplan.measure.delete": "Slett",
    "handlingsplan.measure.down": "Flytt ned",
    "handlingsplan.measure.edit": "Rediger",
    "handlingsplan.measure.up": "Flytt opp",
    "handlingsplan.preview.down": "Ned",
    "handlingsplan.preview.up": "Opp",
    "handlingsplan.quit": "Avslutt",
    "handlingsplan.redo": "Gjør om",
    "handlingsplan.report.close": "Lukk",
    "handlingsplan.roles": "Roller",
    "handlingsplan.roles.apply": "Bruk",
    "handlingsplan.save": "Lagre",
    "handlingsplan.search": "Søk",
    "handlingsplan.tab1": "Seksjon",
    "handlingsplan.tab2": "Tiltak",
    "handlingsplan.tab3": "Endringer",
    "handlingsplan.tab4": "Forhåndsvisning",
    "handlingsplan.tab5": "Kontroll",
    "handlingsplan.table.down": "Ned",
    "handlingsplan.table.first": "Første",
    "handlingsplan.table.last": "Siste",
    "handlingsplan.table.page_down": "Side ned",
    "handlingsplan.table.page_up": "Side opp",
    "handlingsplan.table.up": "Opp",
    "handlingsplan.text.close": "Lukk",
    "handlingsplan.tree.down": "Ned",
    "handlingsplan.tree.up": "Opp",
    "handlingsplan.undo": "Angre",
    "handlingsplan.write": "Skriv fil",
}


# --- the command palette: title, what it does, action (tui/ui/app.py adds the key) ---
PALETTE = [
    ("Lagre", "Lagre endringer", "save"),
    ("Angre", "Angre siste endring", "undo"),
    ("Gjør om", "Gjør om", "redo"),
    ("Rediger tiltak", "Rediger markert tiltak", "edit_measure"),
    ("Nytt tiltak", "Legg til tiltak etter markert", "add_measure"),
    ("Slett tiltak", "Slett markert tiltak", "delete_measure"),
    ("Agenda", "Åpne tiltak for rollene med frist før neste styremøte", "agenda"),
    ("Marker fullført", "Markert tiltak fullført, eller tilbake", "mark_done"),
    ("Endre status", "Velg status for markert tiltak", "pick_status"),
    ("Endre frist", "Skriv fristen for markert tiltak", "edit_deadline"),
    ("Endre ansvar", "Velg hvem som har ansvar for markert tiltak", "edit_roles"),
    ("Flytt tiltak opp", "", "move_measure(-1)"),
    ("Flytt tiltak ned", "", "move_measure(1)"),
    ("Rediger innhold", "Tekst, liste eller tabell i seksjonen", "edit_block"),
    ("Søk", "Fritekstfilter", "focus_search"),
    ("Velg roller", "Filtrer på ansvar", "pick_roles"),
    ("Nullstill filter", "", "clear_filters"),
    ("Vis seksjon", "", "show_tab('section')"),
    ("Vis alle tiltak", "", "show_tab('measures')"),
    ("Vis endringer", "", "show_tab('changes')"),
    ("Forhåndsvisning", "", "show_tab('preview')"),
    ("Kontroll", "", "show_tab('findings')"),
    ("Git diff", "Rå git diff for planen", "git_diff"),
    (COMMIT_OK, PALETTE_COMMIT, "git_commit"),
    (PALETTE_LOG_NAME, PALETTE_LOG, "measure_log"),
    ("Skriv Markdown til fil", "", "write_preview"),
    ("Hjelp", "Hjelp for området med fokus", "help"),
    ("Avslutt", "", "quit_app"),
    (*NEXT_PERIOD_PALETTE, "next_period"),
    (*REPORT_PALETTE, "show_report"),
    (*PLAN_INFO_PALETTE, "plan_info"),
]


# --- Textual's own words (issue 15) ---
PALETTE_PLACEHOLDER = "Søk etter kommandoer …"
PALETTE_NO_MATCHES = "Ingen treff"
THEME_PLACEHOLDER = "Søk etter fargetema …"
# Textual's title -> our title and what it does. Others are left out: "Quit" ends without
# asking about unsaved edits, and "Keys" lists Textual's widgets' keys in English (F1 is ours).
SYSTEM_COMMANDS = {
    "Theme": ("Fargetema", "Bytt fargetema"),
    "Maximize": ("Maksimer", "Vis feltet med fokus over hele skjermen"),
    "Minimize": ("Gjenopprett størrelse", "Vis feltet med fokus i vanlig størrelse igjen"),
    "Screenshot": ("Skjermbilde", "Lagre et SVG-bilde av skjermen i mappen du står i"),
}
KEY_NAMES = {"space": "mellomrom", "⏎": "enter"}
HOW_TO_QUIT = "Avslutt med {key}"
SCREENSHOT_SAVED = "Skjermbildet er lagret: {path}"
SCREENSHOT_FAILED = "Skjermbildet ble ikke lagret"

# --- the command line's help (argparse), by command and option ---------------------------
KEYMAP_NOT_A_TABLE = "{path}: [keymap] skal være en tabell; tastene er som før"
KEYMAP_BROKEN = "{path} kan ikke leses ({error}); tastene er som før"
IMPORT_MEASURE_BEFORE_CHAPTER = "tiltak før første kapittel"
EXPORT_FILTERED = "Utvalg: {filter}"  # first on a filtered page
EXPORT_NOT_SET = "ikke satt"  # an empty Ansvar or Frist on the published page
GOAL_HEADING = "Mål"  # a goal block without a title, in the export
WHERE_TOP = "toppnivået"  # where an unknown key is, in check's line
SET_DESCRIPTION = "Felt: {fields}. responsible tar en kommaliste."
CLI_HELP = {
    "show": "vis oversikten over planene (kapitler, seksjoner, tiltak)",
    "check": "kontroller planer; exit 0 bare når det ikke er feil",
    "paths": "planfil eller mappe med planer",
    "list": "list tiltak som passer alle filtrene, sortert på frist",
    "set": "endre felt i ett tiltak (minimal diff)",
    "export": "Markdown (eller HTML) til nettsiden",
    "export:description": (
        "Skriver planen som Markdown til stdout eller til -o FIL. Filtrene er de samme som for "
        "list; et filtrert uttrekk beholder overskriftene til tiltakene det viser."
    ),
    "export o": (
        "skriv til FIL (atomisk); en plan, en mappe, en enhet eller en av planene som leses, blir"
        " aldri overskrevet"
    ),
    "export profile": "cms: ren CommonMark+GFM; ssg: front matter, id-er og innhold",
    "export layout": "table: hver seksjons tiltak som én tabell",
    "export internal": "ta med kommentar, budsjett og prosjektnummer",
    "import": "ny plan fra Word (.docx), Markdown eller ren tekst (formatet avgjøres av innholdet)",
    "import o": "ny planfil (standard: FIL med endelsen .toml)",
    "import force": (
        "overskriv en eksisterende fil, også en plan (aldri FIL selv, en mappe eller enhet)"
    ),
    "import strict": "advarsler er feil: ingen plan skrives om noe er gjettet",
    "import title": "planens tittel",
    "import period": "f.eks. 2024–2025",
    "import organisation": "f.eks. Fagforbundet Follo",
    "import branch": "avdelingsnummer, f.eks. 254",
    "diff": "forskjellen mellom to versjoner av en plan, i ord",
    "diff:description": (
        "GAMMEL NY, eller de 7 argumentene git gir en ekstern diff (sti, gammel fil, hash og "
        "modus, ny fil, hash og modus)."
    ),
    "git-setup": "sett opp git-depotet: diff i ord og fletting tiltak for tiltak",
    "merge": "git merge-driver: trevegs fletting tiltak for tiltak (%%O %%A %%B %%P)",
    "merge:description": "Resultatet skrives til VÅR; exit 1 ved konflikt.",
    "merge path": "filens navn i depotet",
    "log": "historikken til ett tiltak fra git",
    "next-period": "neste periodes plan fra denne (fullførte og avlyste tiltak utelatt)",
    "next-period:description": (
        "Skriver en ny plan for perioden: kapitler, tekster og tiltak følger med, fullførte og "
        "avlyste tiltak utelates, status tømmes, aktivitetsplanen tømmes, vedtatt blankes. Id-ene"
        " beholdes. Eksisterende filer overskrives aldri."
    ),
    "next-period period": "den nye perioden, f.eks. 2026–2027, 2026-2027 eller 2026",
    "next-period o": "ny planfil (standard: PLAN med periodens år byttet)",
    "report": "planens del av årsberetningen: status per tiltak, antall, forfalte",
    "report:description": (
        "Hvert tiltak med status, ansvar og frist per kapittel og seksjon, antall per status og "
        "per kapittel, og forfalte tiltak. I git vises datoen hver status ble satt, og --as-of "
        "viser planen slik den var committet den dagen."
    ),
    "plan": "én planfil (ikke en mappe)",
    "report as-of": "rapportdato (standard: i dag); i git: planen slik den var da",
    "report o": "skriv til FIL (atomisk); en plan eller PLAN blir aldri overskrevet",
    "report profile": "som for export",
    "calendar": "iCalendar-fil (.ics) med fristene og aktivitetsplanen, for telefonens kalender",
    "calendar:description": (
        "Én heldagshendelse per tiltak med datert frist og per aktivitet med dato. UID-ene kommer"
        " fra planens id-er, så en ny import oppdaterer i stedet for å doble. Filtrene er de "
        "samme som for list (f.eks. --role Leder for en kalender per rolle)."
    ),
    "calendar o": "skriv til FIL.ics (atomisk; standard: stdout)",
}
