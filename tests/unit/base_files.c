/* Unit tests for base/files: a temporary tree with skipped directories, .gitignore files, excludes,
 * symbolic links (a loop among them) and an unreadable directory. */
#include "base/files.h"
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char root[64];

static void
put(const char *rel, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    /* create the parent directories */
    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "cannot create %s\n", path);
        exit(1);
    }
    fputs(content, f);
    fclose(f);
}

static void
link_at(const char *target, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    if (symlink(target, path) != 0)
        fprintf(stderr, "symlink %s: %s\n", path, strerror(errno));
}

/* The listing relative to root, one path per line. */
static char *
listing(const FileList *fl)
{
    static char buf[8192];
    size_t n = 0, rl = strlen(root);
    buf[0] = '\0';
    for (size_t i = 0; i < fl->npaths; i++) {
        const char *p = fl->paths[i];
        if (!strncmp(p, root, rl) && p[rl] == '/')
            p += rl + 1;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", p);
    }
    return buf;
}

static void
build_tree(void)
{
    snprintf(root, sizeof root, "/tmp/asyncreview-files-XXXXXX");
    if (!mkdtemp(root))
        exit(1);
    chmod(root, 0755);
    put("a.py", "x = 1\n");
    put("b.pyi", "");
    put("c.txt", "");
    put("script", "#!/usr/bin/env python3\n");
    put("pkg/__init__.py", "");
    put("pkg/mod.py", "");
    put("pkg/__pycache__/cached.py", "");
    put(".git/hook.py", "");
    put(".hg/x.py", "");
    put("venv/x.py", "");
    put(".venv/x.py", "");
    put("node_modules/x.py", "");
    put("build/x.py", "");
    put("dist/x.py", "");
    put("site-packages/x.py", "");
    put(".tox/x.py", "");
    put(".mypy_cache/x.py", "");
    put("foo.egg-info/x.py", "");
    put("myenv/pyvenv.cfg", "home = /usr\n");
    put("myenv/lib/x.py", "");
    put("env/x.py", ""); /* no pyvenv.cfg: a plain directory */
    put(".gitignore", "# generated\n*.gen.py\n!keep.gen.py\n/top_only.py\nlogs/\ndeep/**/skip.py\n"
                      "\\#hash.py\nspaced.py   \n");
    put("x.gen.py", "");
    put("keep.gen.py", "");
    put("top_only.py", "");
    put("#hash.py", "");
    put("spaced.py", "");
    put("sub/top_only.py", "");
    put("sub/logs/y.py", "");
    put("logs/z.py", "");
    put("logs.py", ""); /* "logs/" is for directories only */
    put("deep/skip.py", "");
    put("deep/a/b/skip.py", "");
    put("deep/a/keep.py", "");
    put("sub/.gitignore", "local.py\n!x.gen.py\n");
    put("sub/local.py", "");
    put("sub/x.gen.py", "");
    put("other/local.py", "");
    put("excl/one.py", "");
    put("excl/two.py", "");
    link_at("..", "pkg/loop"); /* a loop */
    link_at("pkg", "alias");   /* a second way into pkg */
    link_at("nowhere.py", "dangling.py");
    link_at("a.py", "linked.py"); /* a link to a file is a file */
}

static const char expected_default[] = "a.py\n"
                                       "deep/a/keep.py\n"
                                       "env/x.py\n"
                                       "excl/one.py\n"
                                       "excl/two.py\n"
                                       "keep.gen.py\n"
                                       "linked.py\n"
                                       "logs.py\n"
                                       "other/local.py\n"
                                       "pkg/__init__.py\n"
                                       "pkg/mod.py\n"
                                       "sub/top_only.py\n"
                                       "sub/x.gen.py\n";

TEST(walk_default)
{
    FileList fl;
    const char *args[] = { root };
    files_collect(&fl, args, 1, NULL);
    CHECK_STR_EQ(listing(&fl), expected_default);
    /* the loop is a warning, the dangling link an error */
    CHECK_INT_EQ(fl.nerrors, 2);
    if (fl.nerrors == 2) {
        CHECK(strstr(fl.errors[0].path, "/dangling.py") != NULL);
        CHECK_STR_EQ(fl.errors[0].msg, "broken symbolic link");
        CHECK_INT_EQ(fl.errors[0].kind, FILEERR_IO);
        CHECK(strstr(fl.errors[1].path, "/pkg/loop") != NULL);
        CHECK_INT_EQ(fl.errors[1].kind, FILEERR_LOOP);
    }
    files_free(&fl);
}

TEST(walk_is_deterministic)
{
    FileList a, b;
    const char *args[] = { root };
    files_collect(&a, args, 1, NULL);
    files_collect(&b, args, 1, NULL);
    CHECK_INT_EQ(a.npaths, b.npaths);
    for (size_t i = 0; i < a.npaths && i < b.npaths; i++)
        CHECK_STR_EQ(a.paths[i], b.paths[i]);
    for (size_t i = 1; i < a.npaths; i++)
        CHECK(strcmp(a.paths[i - 1], a.paths[i]) < 0);
    files_free(&a);
    files_free(&b);
}

TEST(relative_and_dot)
{
    char cwd[512];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(root) == 0);
    FileList fl;
    const char *args[] = { "." };
    files_collect(&fl, args, 1, NULL);
    CHECK_STR_EQ(listing(&fl), expected_default);
    files_free(&fl);
    const char *args2[] = { "pkg/", "a.py", "pkg/mod.py" };
    files_collect(&fl, args2, 3, NULL);
    CHECK_STR_EQ(listing(&fl), "a.py\npkg/__init__.py\npkg/mod.py\n");
    files_free(&fl);
    CHECK(chdir(cwd) == 0);
}

TEST(explicit_files_always_included)
{
    char p1[512], p2[512], p3[512];
    snprintf(p1, sizeof p1, "%s/script", root);
    snprintf(p2, sizeof p2, "%s/x.gen.py", root);   /* ignored by .gitignore when walked */
    snprintf(p3, sizeof p3, "%s/build/x.py", root); /* in a skipped directory */
    const char *args[] = { p1, p2, p3 };
    FileList fl;
    files_collect(&fl, args, 3, NULL);
    CHECK_STR_EQ(listing(&fl), "build/x.py\nscript\nx.gen.py\n");
    CHECK_INT_EQ(fl.nerrors, 0);
    files_free(&fl);
    /* an explicitly named skipped directory is walked */
    const char *args2[] = { p3 };
    snprintf(p3, sizeof p3, "%s/build", root);
    files_collect(&fl, args2, 1, NULL);
    CHECK_STR_EQ(listing(&fl), "build/x.py\n");
    files_free(&fl);
}

TEST(missing_argument)
{
    char p[512];
    snprintf(p, sizeof p, "%s/nope.py", root);
    const char *args[] = { p, root };
    FileList fl;
    files_collect(&fl, args, 2, NULL);
    CHECK_STR_EQ(listing(&fl), expected_default);
    int missing = 0;
    for (size_t i = 0; i < fl.nerrors; i++)
        if (fl.errors[i].kind == FILEERR_MISSING) {
            missing++;
            CHECK_STR_EQ(fl.errors[i].path, p);
            CHECK_STR_EQ(fl.errors[i].msg, "No such file or directory");
        }
    CHECK_INT_EQ(missing, 1);
    files_free(&fl);
}

TEST(user_excludes)
{
    const char *globs[] = { "excl/one.py", "two.py", "deep", "sub/" };
    FileOptions opt = { .exclude = globs, .nexclude = 4 };
    const char *args[] = { root };
    FileList fl;
    files_collect(&fl, args, 1, &opt);
    CHECK_STR_EQ(listing(&fl), "a.py\nenv/x.py\nkeep.gen.py\nlinked.py\nlogs.py\nother/local.py\n"
                               "pkg/__init__.py\npkg/mod.py\n");
    files_free(&fl);
    const char *globs2[] = { "*.py" };
    opt = (FileOptions){ .exclude = globs2, .nexclude = 1 };
    files_collect(&fl, args, 1, &opt);
    CHECK_INT_EQ(fl.npaths, 0);
    files_free(&fl);
}

TEST(no_gitignore_no_defaults)
{
    FileOptions opt = { .no_gitignore = true };
    const char *args[] = { root };
    FileList fl;
    files_collect(&fl, args, 1, &opt);
    const char *l = listing(&fl);
    CHECK(strstr(l, "x.gen.py\n") != NULL);
    CHECK(strstr(l, "sub/local.py\n") != NULL);
    CHECK(strstr(l, "venv/x.py") == NULL);
    files_free(&fl);
    opt = (FileOptions){ .no_gitignore = true, .no_default_excludes = true };
    files_collect(&fl, args, 1, &opt);
    l = listing(&fl);
    CHECK(strstr(l, "venv/x.py") != NULL);
    CHECK(strstr(l, "myenv/lib/x.py") != NULL);
    CHECK(strstr(l, ".git/hook.py") != NULL);
    files_free(&fl);
}

TEST(ancestor_gitignore)
{
    /* a git work tree whose root .gitignore applies to a subdirectory argument */
    put("repo/.git/HEAD", "ref: refs/heads/main\n");
    put("repo/.gitignore", "generated/\n/src/pkg/local_*.py\n");
    put("repo/src/.gitignore", "*.tmp.py\n");
    put("repo/src/pkg/ok.py", "");
    put("repo/src/pkg/local_x.py", "");
    put("repo/src/pkg/generated/g.py", "");
    put("repo/src/pkg/t.tmp.py", "");
    char p[512];
    snprintf(p, sizeof p, "%s/repo/src/pkg", root);
    const char *args[] = { p };
    FileList fl;
    files_collect(&fl, args, 1, NULL);
    CHECK_STR_EQ(listing(&fl), "repo/src/pkg/ok.py\n");
    files_free(&fl);
}

TEST(external_link)
{
    /* a link to a directory outside the argument is followed, once, and a loop out there is caught
     */
    char ext[] = "/tmp/asyncreview-ext-XXXXXX";
    CHECK(mkdtemp(ext) != NULL);
    char p[600];
    snprintf(p, sizeof p, "%s/e.py", ext);
    FILE *f = fopen(p, "w");
    fclose(f);
    snprintf(p, sizeof p, "%s/back", ext);
    CHECK(symlink(ext, p) == 0);
    put("tree/t.py", "");
    snprintf(p, sizeof p, "%s/tree/ext1", root);
    CHECK(symlink(ext, p) == 0);
    snprintf(p, sizeof p, "%s/tree/ext2", root);
    CHECK(symlink(ext, p) == 0);
    snprintf(p, sizeof p, "%s/tree", root);
    const char *args[] = { p };
    FileList fl;
    files_collect(&fl, args, 1, NULL);
    CHECK_STR_EQ(listing(&fl), "tree/ext1/e.py\ntree/t.py\n");
    CHECK_INT_EQ(fl.nerrors, 1);
    if (fl.nerrors == 1) {
        CHECK(strstr(fl.errors[0].path, "tree/ext1/back") != NULL);
        CHECK_INT_EQ(fl.errors[0].kind, FILEERR_LOOP);
    }
    files_free(&fl);
    snprintf(p, sizeof p, "rm -rf '%s'", ext);
    CHECK(system(p) == 0);
}

TEST(empty_directory)
{
    char p[512];
    snprintf(p, sizeof p, "%s/emptydir", root);
    CHECK(mkdir(p, 0755) == 0);
    const char *args[] = { p };
    FileList fl;
    files_collect(&fl, args, 1, NULL);
    CHECK_INT_EQ(fl.npaths, 0);
    CHECK_INT_EQ(fl.nerrors, 0);
    CHECK(fl.paths != NULL && fl.errors != NULL); /* callers may memcpy from them */
    files_free(&fl);
    rmdir(p);
}

TEST(glob)
{
    CHECK(files_glob_match("*.py", "a.py"));
    CHECK(!files_glob_match("*.py", "d/a.py"));
    CHECK(files_glob_match("d/*.py", "d/a.py"));
    CHECK(files_glob_match("**/a.py", "a.py"));
    CHECK(files_glob_match("**/a.py", "x/y/a.py"));
    CHECK(files_glob_match("x/**", "x/y/a.py"));
    CHECK(files_glob_match("x/**/a.py", "x/a.py"));
    CHECK(files_glob_match("x/**/a.py", "x/1/2/a.py"));
    CHECK(!files_glob_match("x/**/a.py", "y/1/a.py"));
    CHECK(files_glob_match("a?c", "abc"));
    CHECK(!files_glob_match("a?c", "a/c"));
    CHECK(files_glob_match("[a-c]x", "bx"));
    CHECK(!files_glob_match("[!a-c]x", "bx"));
    CHECK(files_glob_match("[]]x", "]x"));
    CHECK(files_glob_match("\\*x", "*x"));
    CHECK(!files_glob_match("\\*x", "ax"));
    CHECK(files_glob_match("a[", "a["));
    CHECK(files_glob_match("a**b", "axxb")); /* not a path component: like '*' */
    CHECK(!files_glob_match("a**b", "ax/xb"));
}

TEST(unreadable_dir_emfile)
{
    /* opendir failing (here: out of file descriptors) is reported and the walk goes on; this works
     * whoever runs the test, unlike chmod 000, which does not stop root */
    struct rlimit old, low;
    CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
    int fd = dup(0);
    low = old;
    low.rlim_cur = (rlim_t)fd; /* every descriptor from here on is refused */
    close(fd);
    char file[512];
    snprintf(file, sizeof file, "%s/a.py", root);
    const char *args[] = { root, file };
    FileList fl;
    CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0);
    files_collect(&fl, args, 2, NULL);
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    CHECK_INT_EQ(fl.npaths, 1);
    CHECK_INT_EQ(fl.nerrors, 1);
    if (fl.nerrors == 1) {
        CHECK_STR_EQ(fl.errors[0].path, root);
        CHECK_STR_EQ(fl.errors[0].msg, "Too many open files");
        CHECK_INT_EQ(fl.errors[0].kind, FILEERR_IO);
    }
    files_free(&fl);
}

TEST(unreadable_dir_permission)
{
    /* a real EACCES: as root, drop to nobody in a child process first */
    put("locked/secret.py", "");
    char locked[512];
    snprintf(locked, sizeof locked, "%s/locked", root);
    CHECK(chmod(locked, 0) == 0);
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(3);
        const char *args[] = { root };
        FileList fl;
        files_collect(&fl, args, 1, NULL);
        char out[2048];
        int n = snprintf(out, sizeof out, "%zu", fl.npaths);
        for (size_t i = 0; i < fl.nerrors; i++)
            n += snprintf(out + n, sizeof out - (size_t)n, "|%s:%s",
                          fl.errors[i].path + strlen(root), fl.errors[i].msg);
        if (write(pipefd[1], out, (size_t)n) != n)
            _exit(4);
        _exit(0);
    }
    close(pipefd[1]);
    char got[2048] = "";
    ssize_t n = read(pipefd[0], got, sizeof got - 1);
    got[n > 0 ? n : 0] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(strstr(got, "|/locked:Permission denied") != NULL);
    if (!strstr(got, "|/locked:Permission denied"))
        fprintf(stderr, "  child reported: %s\n", got);
    chmod(locked, 0755);
}

static void
remove_tree(const char *path)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", path);
}

TEST(setup)
{
    build_tree();
}

TEST(cleanup)
{
    remove_tree(root);
}

TEST_MAIN("base_files", TEST_CASE(setup), TEST_CASE(glob), TEST_CASE(walk_default),
          TEST_CASE(walk_is_deterministic), TEST_CASE(relative_and_dot),
          TEST_CASE(explicit_files_always_included), TEST_CASE(missing_argument),
          TEST_CASE(user_excludes), TEST_CASE(no_gitignore_no_defaults),
          TEST_CASE(ancestor_gitignore), TEST_CASE(external_link), TEST_CASE(empty_directory),
          TEST_CASE(unreadable_dir_emfile), TEST_CASE(unreadable_dir_permission),
          TEST_CASE(cleanup))
