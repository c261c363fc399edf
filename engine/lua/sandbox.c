/* sandbox.c - a Lua state safe for scripts we did not write.
 *
 * Only safe libraries are opened; math.random draws from the run's PCG32
 * stream; require reads .lua text only from the script's folder and the
 * standard scripts/ folder; globals are strict (reading an undefined one
 * is an error, and once the script has loaded, so is creating one).
 *
 * Two limits end runaway scripts. An instruction count hook charges
 * every 1000 VM instructions against the budget; an allocator counts
 * the bytes held. Once a limit is hit the sandbox is "killed": the hook
 * then fires on every instruction and raises again, so a script cannot
 * swallow the error with pcall and go on. */
#include "sandbox.h"
#include "bindings.h"
#include "rmsim/input.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOOK_EVERY 1000

/* Names a script might reach for that the sandbox leaves out on purpose. */
static const char *const forbidden[] = {
    "os", "io", "debug", "package", "dofile", "loadfile", "collectgarbage",
    "loadstring", "module", "setfenv", "getfenv", NULL,
};

/* Where the script was when an allocation was refused: Lua calls no
 * message handler for out-of-memory, so the error gets its line here.
 * Reads the main thread's stack only (the allocator is not told which
 * coroutine runs: inside one, this is the line that resumed it). */
static void note_where(rm_sandbox *sb)
{
    lua_Debug ar;
    sb->mem_where[0] = '\0';
    for (int level = 0; sb->L && lua_getstack(sb->L, level, &ar); level++) {
        lua_getinfo(sb->L, "Sl", &ar);
        if (ar.currentline > 0) {
            snprintf(sb->mem_where, sizeof sb->mem_where, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

/* Lua retries a failed allocation once after a full collection; a
 * second failure of the same request is a real out-of-memory. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    rm_sandbox *sb = ud;
    static const size_t none = (size_t)-1;
    if (ptr == NULL)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= osize;
        return NULL;
    }
    if (nsize > osize && sb->mem_used - osize + nsize > sb->limits.max_memory) {
        if (sb->fail_size == nsize && sb->fail_ptr == ptr)
            sb->killed = RM_KILL_MEMORY;
        sb->fail_size = nsize;
        sb->fail_ptr = ptr;
        note_where(sb);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p)
        return NULL;
    if (nsize > osize)
        sb->fail_size = none;
    sb->mem_used = sb->mem_used - osize + nsize;
    return p;
}

static int kill_message(lua_State *L, rm_sandbox *sb)
{
    lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, 1);
    if (sb->killed == RM_KILL_MEMORY)
        return luaL_error(L, "memory cap exceeded (--max-memory %d MiB)",
                          (int)(sb->limits.max_memory >> 20));
    return luaL_error(L, "instruction budget exceeded (--max-instructions %I)",
                      (lua_Integer)sb->limits.max_instructions);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    rm_sandbox *sb = rm_sandbox_of(L);
    if (!sb->killed) {
        sb->instr_used += HOOK_EVERY;
        if (sb->instr_used > sb->limits.max_instructions)
            sb->killed = RM_KILL_INSTRUCTIONS;
    }
    if (sb->killed)
        kill_message(L, sb);
}

/* Errors get one shape, "file:line: message", whatever the script threw. */
int rm_sandbox_msgh(lua_State *L)
{
    /* after a limit, run no more script code: a __tostring could loop,
     * and hooks may be off while an error from a hook is handled */
    if (rm_sandbox_of(L)->killed && lua_type(L, 1) != LUA_TSTRING) {
        lua_pushliteral(L, "stopped");
        lua_replace(L, 1);
    }
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_pushstring(L, lua_tostring(L, 1));
        lua_replace(L, 1);
    } else if (lua_type(L, 1) != LUA_TSTRING) {
        if (!(luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING))
            lua_pushfstring(L, "error object is a %s value", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline <= 0)
            continue;
        size_t n = strlen(ar.short_src);
        const char *msg = lua_tostring(L, 1);
        if (strncmp(msg, ar.short_src, n) != 0 || msg[n] != ':')
            lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
        else
            lua_pushvalue(L, 1);
        return 1;
    }
    lua_pushvalue(L, 1);
    return 1;
}

int rm_sandbox_pcall(rm_sandbox *sb, int nargs, int nresults, rm_error *err)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, rm_sandbox_msgh);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return rm_sandbox_status(sb, status, err);
}

int rm_sandbox_status(rm_sandbox *sb, int status, rm_error *err)
{
    lua_State *L = sb->L;
    if (status == LUA_OK)
        return 0;
    if (status == LUA_ERRMEM)
        rm_errorf(err, "%s: memory cap exceeded (--max-memory %d MiB)",
                  sb->mem_where[0] ? sb->mem_where : sb->script_name,
                  (int)(sb->limits.max_memory >> 20));
    else
        rm_errorf(err, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "error");
    lua_pop(L, 1);
    return -1;
}

static char *read_file(const char *path, size_t *len, rm_error *err)
{
    FILE *f = rm_open_input(path, NULL, err);   /* regular files, not out of their folder */
    if (!f)
        return NULL;
    rm_errorf(err, "%s: cannot read file", path);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = cap < (64u << 20) ? realloc(buf, cap *= 2) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Load text at path as a chunk; pushes the function or an error string. */
static int load_text(lua_State *L, const char *path)
{
    size_t len;
    rm_error err;
    char *src = read_file(path, &len, &err);
    if (!src) {
        lua_pushstring(L, err.msg);
        return LUA_ERRFILE;
    }
    if (len > 0 && src[0] == LUA_SIGNATURE[0]) {
        free(src);
        lua_pushfstring(L, "%s: precompiled Lua bytecode is not accepted", path);
        return LUA_ERRSYNTAX;
    }
    lua_pushfstring(L, "@%s", path);
    const char *chunkname = lua_tostring(L, -1);
    /* skip a #! line but keep line numbers */
    const char *start = src;
    if (len > 0 && src[0] == '#')
        while (start < src + len && *start != '\n')
            start++;
    int status = luaL_loadbufferx(L, start, len - (size_t)(start - src), chunkname, "t");
    free(src);
    lua_remove(L, -2);
    return status;
}

int rm_sandbox_loadfile(rm_sandbox *sb, const char *path, rm_error *err)
{
    int status = load_text(sb->L, path);
    if (status == LUA_OK)
        return 0;
    if (status == LUA_ERRMEM || sb->killed == RM_KILL_MEMORY)
        rm_errorf(err, "%s: memory cap exceeded while loading", path);
    else
        rm_errorf(err, "%s", lua_tostring(sb->L, -1));
    lua_pop(sb->L, 1);
    return -1;
}

static int module_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '.' || name[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '.' && name[i + 1] == '.')
            return 0;
        if (!(c == '.' || c == '_' || c == '-' || (c >= 'a' && c <= 'z') ||
              (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

/* path "dir/a/b.lua" for module "a.b", only if it really lies in dir
 * (no symlink leads out of it). */
static int module_path(const char *dir, const char *name, char *out, size_t size)
{
    char real_dir[4096], real_file[4096];
    if (!dir[0] || !realpath(dir, real_dir))
        return 0;
    int n = snprintf(out, size, "%s/", dir);
    for (const char *p = name; *p && n < (int)size - 5; p++)
        out[n++] = *p == '.' ? '/' : *p;
    snprintf(out + n, size - (size_t)n, ".lua");
    if (!realpath(out, real_file))
        return 0;
    size_t dl = strlen(real_dir);
    return strncmp(real_file, real_dir, dl) == 0 && real_file[dl] == '/';
}

static int sb_require(lua_State *L)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    const char *name = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.loaded");
    if (lua_getfield(L, -1, name) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    if (strcmp(name, "rmsim") == 0) {
        rm_open_rmsim(L);
    } else {
        if (!module_name_ok(name))
            return luaL_error(L, "bad module name '%s' (letters, digits, '_', '-' "
                              "and '.' between parts)", name);
        char path[4096];
        if (!module_path(sb->script_dir, name, path, sizeof path) &&
            !module_path(sb->scripts_dir, name, path, sizeof path))
            return luaL_error(L, "module '%s' not found (require looks only in the "
                              "script's folder and in %s)", name, sb->scripts_dir);
        if (load_text(L, path) != LUA_OK)
            return lua_error(L);
        lua_pushstring(L, name);
        lua_call(L, 1, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        }
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);
    return 1;
}

/* load(chunk [, name [, mode [, env]]]) for strings of source only. */
static int sb_load(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    luaL_argexpected(L, s != NULL, 1, "string (the sandbox loads source text only)");
    int env = lua_gettop(L) >= 4 ? 4 : 0;
    lua_settop(L, 4);
    /* unnamed chunks are named after where load was called, so their
     * errors still point into the script */
    luaL_where(L, 1);
    const char *where = lua_tostring(L, -1);
    size_t wl = strlen(where);
    lua_pushfstring(L, "=%s (load)", wl > 2 ? lua_pushlstring(L, where, wl - 2) : "load");
    const char *name = luaL_optstring(L, 2, lua_tostring(L, -1));
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
        luaL_pushfail(L);
        lua_pushliteral(L, "precompiled Lua bytecode is not accepted");
        return 2;
    }
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env) {
        lua_pushvalue(L, env);
        if (!lua_setupvalue(L, -2, 1))
            lua_pop(L, 1);
    }
    return 1;
}

static int sb_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* math.random with Lua 5.4's interface, on the run's PCG32 stream. */
static int sb_random(lua_State *L)
{
    rm_rng *r = rm_sandbox_of(L)->rng;
    lua_Integer lo, hi;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)rm_rng_uniform(r));
        return 1;
    case 1:
        lo = 1;
        hi = luaL_checkinteger(L, 1);
        if (hi == 0) {
            uint64_t x = ((uint64_t)rm_rng_next(r) << 32) | rm_rng_next(r);
            lua_pushinteger(L, (lua_Integer)x);
            return 1;
        }
        break;
    case 2:
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1u;   /* 0 means 2^64 */
    lua_pushinteger(L, (lua_Integer)((uint64_t)lo + rm_rng_below64(r, span)));
    return 1;
}

/* Lua's pattern matcher backtracks inside one C call, where the
 * instruction budget cannot reach: ("a"):rep(1e5):find(".-.-b") would
 * run for hours. Each repetition item (*, +, -) can multiply the work by
 * the subject's length, and an unanchored search tries every start, so
 * the sandbox refuses a match whose worst case, n^(items + 1), passes
 * 1e9 steps. */
static int pattern_ok(lua_State *L, int subject, int pattern, int plain)
{
    size_t n, m;
    if (plain || !lua_isstring(L, subject) || !lua_isstring(L, pattern))
        return 1;
    lua_tolstring(L, subject, &n);
    const char *p = lua_tolstring(L, pattern, &m);
    int items = p[0] != '^';
    for (size_t i = 0; i < m; i++) {
        if (p[i] == '%') {
            i++;
            continue;
        }
        if (p[i] == '*' || p[i] == '+' || p[i] == '-')
            items++;
    }
    double cost = 1;
    for (int k = 0; k < items && cost <= 1e9; k++)
        cost *= (double)(n > 1 ? n : 1);
    return cost <= 1e9;
}

static int guarded(lua_State *L, const char *name, int plain_arg)
{
    int plain = plain_arg && lua_toboolean(L, plain_arg);
    if (!pattern_ok(L, 1, 2, plain))
        return luaL_error(L, "string.%s: pattern too costly for a string of %d bytes in the "
                          "sandbox (fewer *, + or - items, anchor it with ^, or split the string)",
                          name, (int)lua_rawlen(L, 1));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static int sb_find(lua_State *L) { return guarded(L, "find", 4); }
static int sb_match(lua_State *L) { return guarded(L, "match", 0); }
static int sb_gmatch(lua_State *L) { return guarded(L, "gmatch", 0); }
static int sb_gsub(lua_State *L) { return guarded(L, "gsub", 0); }

/* xpcall(f, handler, ...) as pcall followed by handler(error). Lua runs a
 * message handler while the error unwinds, and when the error came from
 * the instruction-count hook, hooks are off in there: a handler that
 * loops would never be stopped. Run here, after the unwinding, it is
 * counted like any code; once a limit is hit it is not run at all. */
static int sb_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushcfunction(L, rm_sandbox_msgh);
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++)
        lua_pushvalue(L, i);
    int status = lua_pcall(L, n - 2 < 0 ? 0 : n - 2, LUA_MULTRET, n + 1);
    rm_sandbox *sb = rm_sandbox_of(L);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_replace(L, n + 1);
        return lua_gettop(L) - n;
    }
    if (status == LUA_ERRMEM || sb->killed)
        return lua_error(L);        /* limits are not for scripts to catch */
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    status = lua_pcall(L, 1, 1, 0);
    if (sb->killed)
        return lua_error(L);
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

/* Finalizers run with hooks off: a __gc that loops could never be
 * stopped, so the sandbox has none. */
static int sb_setmetatable(lua_State *L)
{
    if (lua_istable(L, 2)) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not available in the rmsim sandbox");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_randomseed(lua_State *L)
{
    return luaL_error(L, "math.randomseed is not available: the run's --seed fixes "
                      "every random number");
}

static int strict_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    if (!k)
        return 0;
    for (int i = 0; forbidden[i]; i++)
        if (strcmp(k, forbidden[i]) == 0)
            return luaL_error(L, "'%s' is not available in the rmsim sandbox", k);
    const char *names[256];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1) && n < 256) {
        if (lua_type(L, -2) == LUA_TSTRING)
            names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    const char *hint = rm_suggest(k, names, n);
    if (hint)
        return luaL_error(L, "undefined variable '%s' (did you mean '%s'?)", k, hint);
    return luaL_error(L, "undefined variable '%s'", k);
}

static int strict_newindex(lua_State *L)
{
    if (rm_sandbox_of(L)->locked && lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "assignment to undeclared global '%s' (use 'local', or "
                          "define it at the top level of the script)", lua_tostring(L, 2));
    lua_rawset(L, 1);
    return 0;
}

static int sb_pairs(lua_State *L);

/* Only reached by a bug in rmsim (a Lua call outside protection). */
static int panic(lua_State *L)
{
    fprintf(stderr, "rmsim: internal error (unprotected Lua error): %s\n",
            lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
    exit(70);
}

static int setup_state(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},  {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
        {NULL, NULL},
    };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    for (int i = 0; forbidden[i]; i++) {
        lua_pushnil(L);
        lua_setfield(L, -2, forbidden[i]);
    }
    lua_pushcfunction(L, sb_load);
    lua_setfield(L, -2, "load");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, sb_require);
    lua_setfield(L, -2, "require");
    lua_pushcfunction(L, sb_pairs);
    lua_setfield(L, -2, "pairs");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_getfield(L, -1, "setmetatable");
    lua_pushcclosure(L, sb_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_getfield(L, -1, LUA_STRLIBNAME);
    static const luaL_Reg matchers[] = {
        {"find", sb_find}, {"match", sb_match}, {"gmatch", sb_gmatch}, {"gsub", sb_gsub},
        {NULL, NULL},
    };
    for (const luaL_Reg *r = matchers; r->name; r++) {
        lua_getfield(L, -1, r->name);           /* the original, as upvalue */
        lua_pushcclosure(L, r->func, 1);
        lua_setfield(L, -2, r->name);
    }
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_MATHLIBNAME);
    lua_pushcfunction(L, sb_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, sb_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);

    /* strict, protected globals */
    lua_newtable(L);
    lua_pushcfunction(L, strict_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, strict_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_pop(L, 1);

    /* the string metatable is shared by every string: keep it out of reach */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.loaded");
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_getfield(L, -1, "sort");
    lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.sort");
    lua_pop(L, 1);
    return 0;
}

rm_sandbox *rm_sandbox_new(const rm_limits *lim, const char *script_path, rm_rng *rng,
                           rm_error *err)
{
    rm_sandbox *sb = calloc(1, sizeof *sb);
    if (!sb) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    sb->limits = *lim;
    sb->rng = rng;
    sb->fail_size = (size_t)-1;
    snprintf(sb->script_name, sizeof sb->script_name, "%s", script_path ? script_path : "?");
    if (script_path) {
        snprintf(sb->script_dir, sizeof sb->script_dir, "%s", script_path);
        char *slash = strrchr(sb->script_dir, '/');
        if (slash)
            *slash = '\0';
        else
            strcpy(sb->script_dir, ".");
    }
    snprintf(sb->scripts_dir, sizeof sb->scripts_dir, "%s", rm_scripts_dir());
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        free(sb);
        rm_errorf(err, "cannot create a Lua state (memory cap too small?)");
        return NULL;
    }
    *(rm_sandbox **)lua_getextraspace(sb->L) = sb;
    lua_atpanic(sb->L, panic);
    lua_pushcfunction(sb->L, setup_state);
    if (rm_sandbox_pcall(sb, 0, 0, err) < 0) {
        rm_sandbox_free(sb);
        return NULL;
    }
    lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    return sb;
}

void rm_sandbox_lock(rm_sandbox *sb) { sb->locked = 1; }

void rm_sandbox_free(rm_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    free(sb);
}

/* pairs in a fixed order. Lua seeds its string hashes per process, so
 * plain next() order changes from run to run; a script that draws
 * random numbers inside a pairs loop would not be reproducible. Keys
 * are visited numbers first (ascending), then strings (bytewise), then
 * booleans; other keys (tables, functions) follow in no fixed order. */
static int key_rank(lua_State *L, int i)
{
    switch (lua_type(L, i)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

static int key_less(lua_State *L, int a, int b)
{
    int ra = key_rank(L, a), rb = key_rank(L, b);
    if (ra != rb)
        return ra < rb;
    if (ra == 0 || ra == 1)
        return lua_compare(L, a, b, LUA_OPLT);
    if (ra == 2)
        return !lua_toboolean(L, a) && lua_toboolean(L, b);
    return 0;
}

static int key_less_l(lua_State *L)
{
    lua_pushboolean(L, key_less(L, 1, 2));
    return 1;
}

static int ordered_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2)) + 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(2));
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
        return 1;
    lua_pushvalue(L, -1);
    lua_gettable(L, 1);
    return 2;
}

static int sb_pairs(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_newtable(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, 2, ++n);
    }
    /* table.sort as it was before the script could replace it */
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.sort");
    lua_pushvalue(L, 2);
    lua_pushcfunction(L, key_less_l);
    lua_call(L, 2, 0);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 2);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}
