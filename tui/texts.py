"""All user-facing text in Norwegian bokmål, in one place (CLI now, the TUI later)."""

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
OUTSIDE_PERIOD = "fristen «{text}» ({date}) ligger utenfor planperioden {period}"
CALENDAR_OUTSIDE_PERIOD = (
    "datoen «{text}» ({date}) i aktivitetsplanen ligger utenfor perioden {period}"
)
INVALID_CALENDAR_DATE = "ugyldig dato «{text}» i aktivitetsplanen: {reason}"
UNKNOWN_ROLE = "ukjent rolle «{role}»; nærmeste kjente er «{nearest}»"
UNKNOWN_ROLE_NO_HINT = "ukjent rolle «{role}»; legg den til i rollelisten eller rett stavingen"
UNKNOWN_STATUS = "ukjent status «{status}»; bruk en av: {allowed}"
UNKNOWN_BLOCK_TYPE = "ukjent innholdstype «{type}»; bruk en av: {allowed}"
BAD_PERIOD = "perioden «{period}» har ikke noe årstall (skriv f.eks. 2024–2025)"
BAD_ADOPTED = "vedtatt-datoen «{text}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)"
ROW_WIDTH = "raden har {actual} celler, men tabellen har {expected} kolonner"
NESTED_WRONG = "«{key}» kan ikke stå i {where}; {hint}"
UNSUPPORTED_FORMAT = "formatversjon {version} er ukjent; denne versjonen leser format {supported}"
CHECK_CLEAN = "{count} plan(er) kontrollert: ingen feil"
CHECK_SUMMARY = "{errors} feil og {warnings} advarsler i {count} plan(er)"

# --- command line ------------------------------------------------------------------------
CLI_DESCRIPTION = "Handlingsplanen til en fagforening: kontroller, list, endre og eksporter."
USAGE_ERROR = "{message}; se «handlingsplan {command} --help»"
BAD_DATE = "«{text}» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)"
UNKNOWN_MEASURE = "fant ikke tiltak med id «{id}»; se «handlingsplan list {plan} --format json»"
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
COL_DUE = "Forfaller"
OVERVIEW_MEASURES = "{count} tiltak"
OUTPUT_EXISTS = "finnes allerede; velg et annet navn eller bruk --force for å overskrive"
EMPTY_SOURCE = "filen er tom; ingenting å importere"
IMPORT_SUMMARY = (
    "{chapters} kapitler, {sections} seksjoner, {measures} tiltak, {lists} lister, "
    "{tables} tabeller, {calendar} aktiviteter i aktivitetsplanen"
)
