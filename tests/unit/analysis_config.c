/* analysis_config: [tool.asyncreview] and requires-python from pyproject.toml files written to a
 * temporary directory, every error message, and config_find walking up. */
#include "analysis/config.h"
#include "test.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp_root[64];

static void
make_tmp_root(void)
{
    if (tmp_root[0])
        return;
    strcpy(tmp_root, "/tmp/asyncreview-config-XXXXXX");
    if (!mkdtemp(tmp_root)) {
        perror("mkdtemp");
        exit(1);
    }
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

/* Writes text to a fresh temporary file (mkstemp) and returns its path (static buffer). */
static const char *
temp_toml(const char *text)
{
    static char path[128];
    make_tmp_root();
    snprintf(path, sizeof path, "%s/pyproject-XXXXXX", tmp_root);
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        exit(1);
    }
    size_t n = strlen(text);
    if (write(fd, text, n) != (ssize_t)n) {
        perror("write");
        exit(1);
    }
    close(fd);
    return path;
}

typedef struct Loaded {
    Config cfg;
    Arena arena;
    int rc;
    char err[600];
    char msg[700]; /* err without the "PATH:" prefix */
    char path[128];
} Loaded;

static Loaded L;

/* Loads text as a pyproject.toml into L (defaults first). */
static int
load(const char *text)
{
    arena_free(&L.arena);
    arena_init(&L.arena, 0);
    config_defaults(&L.cfg);
    const char *path = temp_toml(text);
    snprintf(L.path, sizeof L.path, "%s", path);
    L.err[0] = L.msg[0] = '\0';
    L.rc = config_load(&L.cfg, &L.arena, path, L.err, sizeof L.err);
    size_t n = strlen(path);
    if (strncmp(L.err, path, n) == 0 && L.err[n] == ':')
        snprintf(L.msg, sizeof L.msg, "%s", L.err + n + 1);
    else
        snprintf(L.msg, sizeof L.msg, "(no path prefix) %s", L.err);
    unlink(path);
    return L.rc;
}

/* Loads a [tool.asyncreview] table with the given body and expects the error msg (after "PATH:").
 */
#define CHECK_ERR(text, expected)                                                                  \
    do {                                                                                           \
        CHECK_INT_EQ(load(text), -1);                                                              \
        CHECK_STR_EQ(L.msg, expected);                                                             \
    } while (0)

#define CHECK_OK(text)                                                                             \
    do {                                                                                           \
        int rc_ = load(text);                                                                      \
        CHECK_INT_EQ(rc_, 0);                                                                      \
        if (rc_)                                                                                   \
            fprintf(stderr, "  error: %s\n", L.err);                                               \
    } while (0)

TEST(defaults)
{
    Config cfg;
    config_defaults(&cfg);
    CHECK_INT_EQ(cfg.python_version, 311);
    CHECK_INT_EQ(cfg.severity_threshold, SEV_SUGGESTION);
    CHECK_INT_EQ(cfg.max_issues, 20);
    CHECK(cfg.include_refactored);
    CHECK(!cfg.framework_set);
    CHECK(cfg.path == NULL && cfg.root == NULL);
    CHECK_INT_EQ(cfg.select.len, 0);
    CHECK_INT_EQ(cfg.n_per_file_ignores, 0);
}

TEST(names)
{
    CHECK_STR_EQ(severity_name(SEV_CRITICAL), "CRITICAL");
    CHECK_STR_EQ(severity_name(SEV_WARNING), "WARNING");
    CHECK_STR_EQ(severity_name(SEV_SUGGESTION), "SUGGESTION");
    CHECK_STR_EQ(area_name(AREA_CORRECTNESS), "correctness");
    CHECK_STR_EQ(area_name(AREA_PERFORMANCE), "performance");
    CHECK_STR_EQ(area_name(AREA_ERROR_HANDLING), "error-handling");
    CHECK_STR_EQ(area_name(AREA_PATTERNS), "patterns");
    CHECK_STR_EQ(area_name(AREA_RESOURCES), "resources");
    CHECK_STR_EQ(framework_name(FW_ASYNCIO), "asyncio");
    CHECK_STR_EQ(framework_name(FW_TRIO), "trio");
    CHECK_STR_EQ(framework_name(FW_ANYIO), "anyio");
}

TEST(parse_helpers)
{
    CHECK_INT_EQ(config_parse_version("3.11"), 311);
    CHECK_INT_EQ(config_parse_version("py311"), 311);
    CHECK_INT_EQ(config_parse_version("311"), 311);
    CHECK_INT_EQ(config_parse_version("3.9"), 309);
    CHECK_INT_EQ(config_parse_version("py39"), 309);
    CHECK_INT_EQ(config_parse_version("39"), 309);
    CHECK_INT_EQ(config_parse_version("3.7"), 307);
    CHECK_INT_EQ(config_parse_version("3.14"), 314);
    CHECK_INT_EQ(config_parse_version("3.12.1"), 312);
    CHECK_INT_EQ(config_parse_version("PY310"), 310);
    CHECK_INT_EQ(config_parse_version("3.6"), -1);
    CHECK_INT_EQ(config_parse_version("3.15"), -1);
    CHECK_INT_EQ(config_parse_version("2.7"), -1);
    CHECK_INT_EQ(config_parse_version("4.0"), -1);
    CHECK_INT_EQ(config_parse_version(""), -1);
    CHECK_INT_EQ(config_parse_version("3."), -1);
    CHECK_INT_EQ(config_parse_version("3.11.x"), -1);
    CHECK_INT_EQ(config_parse_version("3.11 "), -1);
    CHECK_INT_EQ(config_parse_version("py"), -1);
    CHECK_INT_EQ(config_parse_version("3.0011"), -1);
    Severity s = SEV_COUNT;
    CHECK_INT_EQ(config_parse_severity("critical", &s), 0);
    CHECK_INT_EQ(s, SEV_CRITICAL);
    CHECK_INT_EQ(config_parse_severity("Warning", &s), 0);
    CHECK_INT_EQ(s, SEV_WARNING);
    CHECK_INT_EQ(config_parse_severity("SUGGESTION", &s), 0);
    CHECK_INT_EQ(s, SEV_SUGGESTION);
    CHECK_INT_EQ(config_parse_severity("high", &s), -1);
    CHECK_INT_EQ(config_parse_severity("", &s), -1);
    Framework fw = FW_COUNT;
    CHECK_INT_EQ(config_parse_framework("trio", &fw), 0);
    CHECK_INT_EQ(fw, FW_TRIO);
    CHECK_INT_EQ(config_parse_framework("AnyIO", &fw), 0);
    CHECK_INT_EQ(fw, FW_ANYIO);
    CHECK_INT_EQ(config_parse_framework("curio", &fw), -1);
}

TEST(every_key)
{
    CHECK_OK("[tool.asyncreview]\n"
             "python-version = \"3.9\"\n"
             "framework = \"trio\"\n"
             "severity-threshold = \"warning\"\n"
             "max-issues = 5\n"
             "include-refactored = false\n"
             "select = [\"ASYNC\", \"AR101\"]\n"
             "extend-select = [\"ASYNC9\"]\n"
             "ignore = [\"ASYNC251\"]\n"
             "exclude = [\"build/**\", \"*_pb2.py\"]\n"
             "per-file-ignores = { \"tests/*\" = [\"AR101\", \"AR102\"], \"__init__.py\" = [] }\n");
    Config *c = &L.cfg;
    CHECK_INT_EQ(c->python_version, 309);
    CHECK(c->framework_set);
    CHECK_INT_EQ(c->framework, FW_TRIO);
    CHECK_INT_EQ(c->severity_threshold, SEV_WARNING);
    CHECK_INT_EQ(c->max_issues, 5);
    CHECK(!c->include_refactored);
    CHECK_INT_EQ(c->select.len, 2);
    CHECK_STR_EQ(c->select.items[0], "ASYNC");
    CHECK_STR_EQ(c->select.items[1], "AR101");
    CHECK_INT_EQ(c->extend_select.len, 1);
    CHECK_STR_EQ(c->extend_select.items[0], "ASYNC9");
    CHECK_INT_EQ(c->ignore.len, 1);
    CHECK_STR_EQ(c->ignore.items[0], "ASYNC251");
    CHECK_INT_EQ(c->exclude.len, 2);
    CHECK_STR_EQ(c->exclude.items[0], "build/**");
    CHECK_STR_EQ(c->exclude.items[1], "*_pb2.py");
    CHECK_INT_EQ(c->n_per_file_ignores, 2);
    CHECK_STR_EQ(c->per_file_ignores[0].glob, "tests/*");
    CHECK_INT_EQ(c->per_file_ignores[0].codes.len, 2);
    CHECK_STR_EQ(c->per_file_ignores[0].codes.items[1], "AR102");
    CHECK_STR_EQ(c->per_file_ignores[1].glob, "__init__.py");
    CHECK_INT_EQ(c->per_file_ignores[1].codes.len, 0);
    CHECK_STR_EQ(c->path, L.path);
    CHECK_STR_EQ(c->root, tmp_root);
}

TEST(keys_absent_keep_defaults)
{
    CHECK_OK("[tool.asyncreview]\nframework = \"anyio\"\n");
    CHECK_INT_EQ(L.cfg.python_version, 311);
    CHECK_INT_EQ(L.cfg.max_issues, 20);
    CHECK(L.cfg.include_refactored);
    CHECK_INT_EQ(L.cfg.framework, FW_ANYIO);
    CHECK_OK("");
    CHECK_INT_EQ(L.cfg.python_version, 311);
    CHECK(!L.cfg.framework_set);
    CHECK(L.cfg.path != NULL);
    CHECK_OK("[tool.asyncreview]\n");
    CHECK_INT_EQ(L.cfg.severity_threshold, SEV_SUGGESTION);
}

TEST(version_forms)
{
    CHECK_OK("[tool.asyncreview]\npython-version = \"py312\"\n");
    CHECK_INT_EQ(L.cfg.python_version, 312);
    CHECK_OK("[tool.asyncreview]\npython-version = '3.8'\n");
    CHECK_INT_EQ(L.cfg.python_version, 308);
    CHECK_ERR(
        "[tool.asyncreview]\npython-version = \"3.6\"\n",
        "2: python-version: '3.6' is not a supported version (expected \"3.7\" to \"3.14\", or "
        "\"py37\" to \"py314\")");
    CHECK_ERR("[tool.asyncreview]\npython-version = 3.11\n",
              "2: python-version: expected a string such as \"3.11\", got a float");
    CHECK_ERR("[tool.asyncreview]\npython-version = 311\n",
              "2: python-version: expected a string such as \"3.11\", got an integer");
}

TEST(value_errors)
{
    CHECK_ERR(
        "[tool.asyncreview]\nframework = \"curio\"\n",
        "2: framework: unknown framework 'curio' (expected \"asyncio\", \"trio\" or \"anyio\")");
    CHECK_ERR("[tool.asyncreview]\nframework = [\"trio\"]\n",
              "2: framework: expected a string such as \"asyncio\", got an array");
    CHECK_ERR(
        "[tool.asyncreview]\nseverity-threshold = \"high\"\n",
        "2: severity-threshold: unknown severity 'high' (expected \"critical\", \"warning\" or "
        "\"suggestion\")");
    CHECK_ERR("[tool.asyncreview]\nseverity-threshold = 2\n",
              "2: severity-threshold: expected a string such as \"warning\", got an integer");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = 0\n", "2: max-issues: must be at least 1, got 0");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = -3\n", "2: max-issues: must be at least 1, got -3");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = \"10\"\n",
              "2: max-issues: expected an integer such as 20, got a string");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = 2.5\n",
              "2: max-issues: expected an integer such as 20, got a float");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = 99999999999\n",
              "2: max-issues: 99999999999 is too large");
    CHECK_ERR("[tool.asyncreview]\ninclude-refactored = \"yes\"\n",
              "2: include-refactored: expected true or false, got a string");
    CHECK_ERR("[tool.asyncreview]\ninclude-refactored = 1\n",
              "2: include-refactored: expected true or false, got an integer");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = 1979-05-27\n",
              "2: max-issues: expected an integer such as 20, got a date");
}

TEST(list_errors)
{
    CHECK_ERR("[tool.asyncreview]\nselect = \"ASYNC\"\n",
              "2: select: expected an array of rule codes, got a string");
    CHECK_ERR("[tool.asyncreview]\nignore = [\"AR101\", 3]\n",
              "2: ignore: expected an array of rule codes, but item 2 is an integer");
    CHECK_ERR("[tool.asyncreview]\nextend-select = [\n  \"AR101\",\n  \"asyncio100\",\n]\n",
              "4: extend-select: 'asyncio100' is not a rule code or prefix (codes are upper-case, "
              "such as \"ASYNC251\", \"ASYNC\" or \"ALL\")");
    CHECK_ERR(
        "[tool.asyncreview]\nselect = [\"AR-101\"]\n",
        "2: select: 'AR-101' is not a rule code or prefix (expected letters then digits, such "
        "as \"ASYNC251\", \"ASYNC\" or \"ALL\")");
    CHECK_ERR(
        "[tool.asyncreview]\nselect = [\"101\"]\n",
        "2: select: '101' is not a rule code or prefix (expected letters then digits, such as "
        "\"ASYNC251\", \"ASYNC\" or \"ALL\")");
    CHECK_ERR("[tool.asyncreview]\nselect = [\"\"]\n", "2: select: item 1 is an empty string");
    CHECK_ERR("[tool.asyncreview]\nexclude = [\"a\", \"\"]\n",
              "2: exclude: item 2 is an empty string");
    CHECK_ERR("[tool.asyncreview]\nexclude = \"build\"\n",
              "2: exclude: expected an array of strings, got a string");
    CHECK_ERR("[tool.asyncreview]\nexclude = [[\"a\"]]\n",
              "2: exclude: expected an array of strings, but item 1 is an array");
    CHECK_OK(
        "[tool.asyncreview]\nselect = [\"ALL\"]\nignore = []\nexclude = [\"weird name [x].py\"]\n");
    CHECK_INT_EQ(L.cfg.select.len, 1);
    CHECK_STR_EQ(L.cfg.select.items[0], "ALL");
    CHECK_INT_EQ(L.cfg.ignore.len, 0);
    CHECK_STR_EQ(L.cfg.exclude.items[0], "weird name [x].py");
}

TEST(per_file_ignores)
{
    CHECK_OK("[tool.asyncreview.per-file-ignores]\n"
             "\"tests/**\" = [\"ASYNC251\"]\n"
             "'scripts/*.py' = [\"AR101\", \"AR2\"]\n");
    CHECK_INT_EQ(L.cfg.n_per_file_ignores, 2);
    CHECK_STR_EQ(L.cfg.per_file_ignores[0].glob, "tests/**");
    CHECK_STR_EQ(L.cfg.per_file_ignores[1].glob, "scripts/*.py");
    CHECK_STR_EQ(L.cfg.per_file_ignores[1].codes.items[1], "AR2");
    CHECK_ERR("[tool.asyncreview]\nper-file-ignores = [\"tests/*\"]\n",
              "2: per-file-ignores: expected a table of glob = [codes], such as { \"tests/*\" = "
              "[\"ASYNC251\"] }, got an array");
    CHECK_ERR("[tool.asyncreview.per-file-ignores]\n\"tests/*\" = \"AR101\"\n",
              "2: per-file-ignores: \"tests/*\": expected an array of rule codes, got a string");
    CHECK_ERR("[tool.asyncreview.per-file-ignores]\n\"tests/*\" = [\"ar101\"]\n",
              "2: per-file-ignores: \"tests/*\": 'ar101' is not a rule code or prefix (codes are "
              "upper-case, such as \"ASYNC251\", \"ASYNC\" or \"ALL\")");
    CHECK_ERR("[tool.asyncreview.per-file-ignores]\n\"\" = [\"AR101\"]\n",
              "2: per-file-ignores: a glob is an empty string");
    /* dotted keys inside an inline table make nested tables, not globs */
    CHECK_ERR("[tool.asyncreview]\nper-file-ignores = { tests.x = [\"AR1\"] }\n",
              "2: per-file-ignores: \"tests\": expected an array of rule codes, got a table");
}

TEST(unknown_keys)
{
    CHECK_ERR(
        "[tool.asyncreview]\nselect = []\npython_version = \"3.11\"\n",
        "3: python_version: unknown key in [tool.asyncreview]; did you mean 'python-version'?");
    CHECK_ERR("[tool.asyncreview]\nframeworks = \"trio\"\n",
              "2: frameworks: unknown key in [tool.asyncreview]; did you mean 'framework'?");
    CHECK_ERR(
        "[tool.asyncreview]\nper_file_ignores = {}\n",
        "2: per_file_ignores: unknown key in [tool.asyncreview]; did you mean 'per-file-ignores'?");
    CHECK_ERR("[tool.asyncreview]\nmax_issue = 3\n",
              "2: max_issue: unknown key in [tool.asyncreview]; did you mean 'max-issues'?");
    CHECK_ERR(
        "[tool.asyncreview]\ntarget-version = \"py311\"\n",
        "2: target-version: unknown key in [tool.asyncreview]; did you mean 'python-version'?");
    CHECK_ERR("[tool.asyncreview]\nextend-ignore = []\n",
              "2: extend-ignore: unknown key in [tool.asyncreview]; did you mean 'ignore'?");
    CHECK_ERR("[tool.asyncreview]\nSelect = []\n",
              "2: Select: unknown key in [tool.asyncreview]; did you mean 'select'?");
    CHECK_ERR("[tool.asyncreview]\nline-length = 88\n",
              "2: line-length: unknown key in [tool.asyncreview] (known keys: python-version, "
              "framework, severity-threshold, max-issues, include-refactored, select, "
              "extend-select, ignore, exclude, per-file-ignores)");
    /* a sub-table is a key too */
    CHECK_ERR("[tool.asyncreview]\nselect = []\n\n[tool.asyncreview.lint]\nselect = []\n",
              "4: lint: unknown key in [tool.asyncreview] (known keys: python-version, framework, "
              "severity-threshold, max-issues, include-refactored, select, extend-select, ignore, "
              "exclude, per-file-ignores)");
    CHECK_ERR("[tool]\nasyncreview = 1\n", "2: tool.asyncreview: expected a table, got an integer");
}

TEST(requires_python)
{
    static const struct {
        const char *spec;
        int version;
    } cases[] = {
        { ">=3.9", 309 },
        { "~=3.10", 310 },
        { ">=3.8,<4", 308 },
        { ">= 3.10.2", 310 },
        { ">=3.8.1, <4.0", 308 },
        { "==3.12.*", 312 },
        { ">3.8", 308 },
        { ">=3.6", 307 },
        { ">=2.7, !=3.0.*", 307 },
        { "<4", 311 },
        { "", 311 },
        { "!=3.9.*", 311 },
        { ">=3.9,>=3.11", 311 },
        { "^3.10", 310 },
        { ">=3.10rc1", 310 },
        { "===3.13", 313 },
        { ">=3.20", 314 },
        { "<=3.12, >=3.9", 309 },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char text[200];
        snprintf(text, sizeof text, "[project]\nname = \"x\"\nrequires-python = \"%s\"\n",
                 cases[i].spec);
        CHECK_OK(text);
        if (L.cfg.python_version != cases[i].version)
            fprintf(stderr, "  requires-python \"%s\"\n", cases[i].spec);
        CHECK_INT_EQ(L.cfg.python_version, cases[i].version);
    }
    /* python-version wins, wherever it is written */
    CHECK_OK(
        "[project]\nrequires-python = \">=3.8\"\n[tool.asyncreview]\npython-version = \"3.12\"\n");
    CHECK_INT_EQ(L.cfg.python_version, 312);
    CHECK_OK(
        "[tool.asyncreview]\npython-version = \"3.12\"\n[project]\nrequires-python = \">=3.8\"\n");
    CHECK_INT_EQ(L.cfg.python_version, 312);
    /* read when [tool.asyncreview] does not set it */
    CHECK_OK("[tool.asyncreview]\nframework = \"trio\"\n[project]\nrequires-python = \">=3.10\"\n");
    CHECK_INT_EQ(L.cfg.python_version, 310);
    CHECK_ERR("[project]\nrequires-python = \"three point nine\"\n",
              "2: requires-python: cannot read the version specifier 'three point nine'");
    CHECK_ERR("[project]\nrequires-python = \">=3.9;\"\n",
              "2: requires-python: cannot read the version specifier '>=3.9;'");
    CHECK_ERR("[project]\nrequires-python = 3.9\n",
              "2: requires-python: expected a string such as \">=3.9\", got a float");
    /* not needed, so not checked */
    CHECK_OK("[project]\nrequires-python = 3.9\n[tool.asyncreview]\npython-version = \"3.10\"\n");
}

TEST(toml_errors)
{
    CHECK_ERR("[tool.asyncreview]\nframework = \"trio\nmax-issues = 3\n",
              "2: invalid TOML: unterminated string (a newline before the closing quote)");
    CHECK_ERR("[project]\nname = \"x\"\n\n[tool.asyncreview\n",
              "4: invalid TOML: expected ']' at the end of the table header, found a newline");
    CHECK_ERR("[tool.asyncreview]\nselect = []\nselect = [\"AR1\"]\n",
              "3: invalid TOML: duplicate key 'select'");
    CHECK_ERR("[tool.asyncreview]\n[tool.asyncreview]\n",
              "2: invalid TOML: table [tool.asyncreview] is defined more than once");
    CHECK_ERR("a = [\n1,\n2\n", "1: invalid TOML: unclosed array: '[' without a matching ']'");
    CHECK_ERR("x = 1 # ok\ny = 2 3\n",
              "2: invalid TOML: expected a newline after the statement, found '3'");
    CHECK_ERR("[tool.asyncreview]\nmax-issues = 1_000_\n", "2: invalid TOML: invalid number");
    CHECK_ERR("k = \"\xff\"\n", "1: invalid TOML: invalid UTF-8 (byte 0xFF)");
    CHECK_ERR("\n\n[a]\nb = {c = 1,\n d = 2}\n",
              "4: invalid TOML: an inline table must be on one line");
    CHECK_ERR("[tool.asyncreview]\nper-file-ignores = {\n}\n",
              "2: invalid TOML: an inline table must be on one line");
    CHECK_ERR("a = {b = 1 c = 2}\n", "1: invalid TOML: expected ',' or '}' after a key/value pair "
                                     "in an inline table, found 'c'");
}

TEST(missing_file)
{
    Config cfg;
    Arena a;
    arena_init(&a, 0);
    config_defaults(&cfg);
    char err[300];
    CHECK_INT_EQ(config_load(&cfg, &a, "/nonexistent/dir/pyproject.toml", err, sizeof err), -1);
    CHECK_STR_EQ(err, "/nonexistent/dir/pyproject.toml: cannot read: No such file or directory");
    CHECK(cfg.path == NULL);
    arena_free(&a);
}

/* Shapes of pyproject.toml met in real projects: every other tool's table is ignored, whatever it
 * holds (including keys we would reject in ours). */
TEST(real_world_shapes)
{
    CHECK_OK("[build-system]\n"
             "requires = [\"setuptools>=61.0\", \"wheel\"]\n"
             "build-backend = \"setuptools.build_meta\"\n"
             "\n"
             "[project]\n"
             "name = \"example-service\"\n"
             "version = \"1.2.3\"\n"
             "description = \"An \\\"example\\\" service\"\n"
             "readme = \"README.md\"\n"
             "requires-python = \">=3.10\"\n"
             "license = {text = \"MIT\"}\n"
             "authors = [{name = \"A. Person\", email = \"a@example.com\"}]\n"
             "classifiers = [\n"
             "    \"Programming Language :: Python :: 3\",\n"
             "    \"Framework :: AsyncIO\",  # trailing comment\n"
             "]\n"
             "dependencies = [\n"
             "    \"httpx>=0.24\",\n"
             "    'anyio >= 3.7 ; python_version < \"3.12\"',\n"
             "]\n"
             "\n"
             "[project.optional-dependencies]\n"
             "dev = [\"pytest\", \"pytest-asyncio\"]\n"
             "\n"
             "[project.scripts]\n"
             "example = \"example.cli:main\"\n"
             "\n"
             "[tool.setuptools.packages.find]\n"
             "where = [\"src\"]\n"
             "\n"
             "[tool.black]\n"
             "line-length = 100\n"
             "target-version = ['py310', 'py311']\n"
             "include = '\\.pyi?$'\n"
             "extend-exclude = '''\n"
             "/(\n"
             "  | migrations\n"
             ")/\n"
             "'''\n"
             "\n"
             "[tool.ruff]\n"
             "line-length = 100\n"
             "select = [\"E\", \"F\", \"ASYNC\"]\n"
             "unknown-to-us = 1.5e3\n"
             "\n"
             "[tool.ruff.lint.per-file-ignores]\n"
             "\"tests/*\" = [\"S101\"]\n"
             "\n"
             "[tool.pytest.ini_options]\n"
             "asyncio_mode = \"auto\"\n"
             "addopts = \"-ra -q\"\n"
             "timeout = 30\n"
             "\n"
             "[[tool.mypy.overrides]]\n"
             "module = [\"untyped.*\"]\n"
             "ignore_missing_imports = true\n"
             "\n"
             "[[tool.mypy.overrides]]\n"
             "module = \"other\"\n"
             "strict = false\n"
             "\n"
             "[tool.coverage.run]\n"
             "omit = [\"*/tests/*\"]\n"
             "[tool.coverage.report]\n"
             "fail_under = 90.5\n"
             "exclude_lines = [\n"
             "    \"pragma: no cover\",\n"
             "    \"if TYPE_CHECKING:\",\n"
             "]\n"
             "[tool.somethingelse]\n"
             "released = 2023-10-02T12:00:00Z\n"
             "local = 08:30:00\n"
             "big = 0xDEAD_BEEF\n"
             "special = [inf, -inf, nan]\n"
             "\n"
             "[tool.asyncreview]\n"
             "framework = \"anyio\"\n"
             "ignore = [\"ASYNC110\"]\n");
    CHECK_INT_EQ(L.cfg.python_version, 310); /* from requires-python */
    CHECK_INT_EQ(L.cfg.framework, FW_ANYIO);
    CHECK_INT_EQ(L.cfg.select.len, 0); /* [tool.ruff]'s select is not ours */
    CHECK_INT_EQ(L.cfg.ignore.len, 1);

    /* Poetry */
    CHECK_OK("[tool.poetry]\n"
             "name = \"svc\"\n"
             "version = \"0.1.0\"\n"
             "packages = [{ include = \"svc\", from = \"src\" }]\n"
             "\n"
             "[tool.poetry.dependencies]\n"
             "python = \"^3.9\"\n"
             "trio = { version = \"^0.22\", optional = true }\n"
             "\n"
             "[tool.poetry.group.dev.dependencies]\n"
             "pytest = \"*\"\n"
             "\n"
             "[[tool.poetry.source]]\n"
             "name = \"private\"\n"
             "url = \"https://example.com/simple/\"\n"
             "priority = \"supplemental\"\n"
             "\n"
             "[tool.asyncreview]\n"
             "framework = \"trio\"\n"
             "python-version = \"py39\"\n");
    CHECK_INT_EQ(L.cfg.framework, FW_TRIO);
    CHECK_INT_EQ(L.cfg.python_version, 309);

    /* Hatch, with our table written through dotted keys and CRLF newlines */
    CHECK_OK("[project]\r\n"
             "name = \"h\"\r\n"
             "dynamic = [\"version\"]\r\n"
             "[tool.hatch.version]\r\n"
             "path = \"src/h/__about__.py\"\r\n"
             "[tool.hatch.envs.default.scripts]\r\n"
             "test = \"pytest {args:tests}\"\r\n"
             "[tool]\r\n"
             "asyncreview.severity-threshold = \"critical\"\r\n"
             "asyncreview.max-issues = 3\r\n");
    CHECK_INT_EQ(L.cfg.severity_threshold, SEV_CRITICAL);
    CHECK_INT_EQ(L.cfg.max_issues, 3);

    /* Our table as an inline table, and a BOM */
    CHECK_OK("\xEF\xBB\xBF[tool]\n"
             "asyncreview = { select = [\"ASYNC1\"], include-refactored = false }\n");
    CHECK_STR_EQ(L.cfg.select.items[0], "ASYNC1");
    CHECK(!L.cfg.include_refactored);

    /* Root-level dotted keys */
    CHECK_OK("tool.asyncreview.framework = \"asyncio\"\n");
    CHECK(L.cfg.framework_set);
    CHECK_INT_EQ(L.cfg.framework, FW_ASYNCIO);

    /* Multi-line arrays with comments, trailing commas, literal strings and blank lines */
    CHECK_OK("[tool.asyncreview]\n"
             "# Rules\n"
             "select = [\n"
             "    # the flake8-async set\n"
             "    \"ASYNC\",   # all of it\n"
             "\n"
             "    'AR101',\n"
             "]  # done\n"
             "exclude = [ ]\n"
             "\"max-issues\" = 7\n");
    CHECK_INT_EQ(L.cfg.select.len, 2);
    CHECK_STR_EQ(L.cfg.select.items[1], "AR101");
    CHECK_INT_EQ(L.cfg.exclude.len, 0);
    CHECK_INT_EQ(L.cfg.max_issues, 7);

    /* A table that merely starts with our name is not ours */
    CHECK_OK("[tool.asyncreview-extra]\nwhatever = 1\n[tool.\"asyncreview.x\"]\ny = 2\n");
    CHECK(!L.cfg.framework_set);
}

static void
mkdir_p(const char *path)
{
    if (mkdir(path, 0700) < 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
}

TEST(find)
{
    make_tmp_root();
    Arena ta;
    arena_init(&ta, 0);
    char *a = arena_sprintf(&ta, "%s/find", tmp_root);
    char *b = arena_sprintf(&ta, "%s/b", a);
    char *c = arena_sprintf(&ta, "%s/c", b);
    char *d = arena_sprintf(&ta, "%s/d", c);
    char *pa = arena_sprintf(&ta, "%s/pyproject.toml", a);
    char *pb = arena_sprintf(&ta, "%s/pyproject.toml", b);
    char *pc = arena_sprintf(&ta, "%s/pyproject.toml", c);
    char *pd = arena_sprintf(&ta, "%s/pyproject.toml", d);
    mkdir_p(a);
    mkdir_p(b);
    mkdir_p(c);
    mkdir_p(d);
    /* a has our table; b has a pyproject.toml for other tools only; c has none */
    write_file(pa, "[tool.asyncreview]\nframework = \"trio\"\n");
    write_file(pb,
               "[tool.black]\nline-length = 88\n# asyncreview is mentioned in a comment only\n");
    char *found = config_find(d);
    CHECK_STR_EQ(found, pa);
    free(found);
    /* a trailing slash and a ".." component */
    found = config_find(arena_sprintf(&ta, "%s/../c/d/", c));
    CHECK_STR_EQ(found, pa);
    free(found);
    /* from the directory holding it */
    found = config_find(a);
    CHECK_STR_EQ(found, pa);
    free(found);
    /* requires-python alone is enough */
    write_file(pc, "[project]\nname = \"c\"\nrequires-python = \">=3.9\"\n");
    found = config_find(d);
    CHECK_STR_EQ(found, pc);
    free(found);
    /* a broken file that mentions us is returned, so that loading it reports the error */
    write_file(pd, "[tool.asyncreview\n");
    found = config_find(d);
    CHECK_STR_EQ(found, pd);
    free(found);
    /* a broken file that does not mention us is skipped */
    write_file(pd, "[tool.black\n");
    found = config_find(d);
    CHECK_STR_EQ(found, pc);
    free(found);
    /* nothing in the tree: whatever is found lies outside it */
    char *e = arena_sprintf(&ta, "%s/lonely", tmp_root);
    mkdir_p(e);
    found = config_find(e);
    CHECK(found == NULL || strncmp(found, tmp_root, strlen(tmp_root)) != 0);
    free(found);
    arena_free(&ta);
}

static void
cleanup(void)
{
    arena_free(&L.arena);
    if (tmp_root[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp_root);
    }
}

TEST(zz_cleanup)
{
    cleanup();
}

TEST_MAIN("analysis_config", TEST_CASE(defaults), TEST_CASE(names), TEST_CASE(parse_helpers),
          TEST_CASE(every_key), TEST_CASE(keys_absent_keep_defaults), TEST_CASE(version_forms),
          TEST_CASE(value_errors), TEST_CASE(list_errors), TEST_CASE(per_file_ignores),
          TEST_CASE(unknown_keys), TEST_CASE(requires_python), TEST_CASE(toml_errors),
          TEST_CASE(missing_file), TEST_CASE(real_world_shapes), TEST_CASE(find),
          TEST_CASE(zz_cleanup))
