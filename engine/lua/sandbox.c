/* sandbox.c - a Lua state safe for scripts we did not write.
 *
 * Only safe libraries are opened; math.random draws from the run's PCG32
 * stream; require reads .lua text only from the script's folder and the
 * standard scripts/ folder; globals are strict (reading an undefined one
 * is an error, and once the script has loaded, so is creating one).
 *
 * Three limits end runaway scripts. An instruction count hook charges
 * every 1000 VM instructions against the budget and looks at the wall
 * clock; an allocator counts the bytes held. Work that one call does in
 * C (string.rep, table.move, pattern matching, sorting keys for pairs,
 * allocating) is charged to the same budget before it is done, and new
 * coroutines pay for the count their own hook starts afresh. Once a limit
 * is hit the sandbox is "killed": the hook then fires on every
 * instruction and raises again, so a script cannot swallow the error with
 * pcall and go on, and no __close handler of a killed coroutine runs. */
#include "sandbox.h"
#include "bindings.h"
#include "rmsim/budget.h"
#include "rmsim/input.h"

#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOOK_EVERY 1000
#define BLOCK_OVERHEAD 16           /* malloc's header per block */
#define BYTES_PER_UNIT 16           /* C work: one instruction per 16 bytes */
#define PRINT_MAX ((size_t)1 << 20) /* bytes print may write per script */

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
    /* what a block really holds: malloc's own header counts too (Lua's
     * blocks are small, and the cap is on the process's memory) */
    size_t was = ptr ? osize + BLOCK_OVERHEAD : 0, will = nsize ? nsize + BLOCK_OVERHEAD : 0;
    if (nsize == 0) {
        free(ptr);
        sb->mem_used -= was;
        rm_budget_give(sb->budget, was);
        return NULL;
    }
    if (will > was && sb->grace) {
        if (sb->budget)
            sb->budget->used += will - was;
    } else if (will > was && (sb->mem_used - was + will > sb->limits.max_memory ||
                              rm_budget_take(sb->budget, will - was) < 0)) {
        if (sb->fail_size == nsize && sb->fail_ptr == ptr)
            sb->killed = RM_KILL_MEMORY;
        sb->fail_size = nsize;
        sb->fail_ptr = ptr;
        note_where(sb);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        if (will > was)
            rm_budget_give(sb->budget, will - was);
        return NULL;
    }
    if (will < was)
        rm_budget_give(sb->budget, was - will);
    if (will > was) {
        sb->fail_size = none;
        sb->instr_used += (will - was) / BYTES_PER_UNIT;
    }
    sb->mem_used = sb->mem_used - was + will;
    return p;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int past(double deadline)
{
    return deadline > 0 && now_seconds() > deadline;
}

static int over_limit(rm_sandbox *sb)
{
    if (sb->deadline < 0)           /* started lazily: most moves never ask the clock */
        sb->deadline = now_seconds() + sb->limits.max_seconds;
    if (!sb->killed) {
        if (sb->instr_used > sb->limits.max_instructions)
            sb->killed = RM_KILL_INSTRUCTIONS;
        else if (past(sb->deadline) || (sb->budget && past(sb->budget->deadline)))
            sb->killed = RM_KILL_TIME;
    }
    return sb->killed;
}

static int kill_message(lua_State *L, rm_sandbox *sb)
{
    lua_sethook(L, lua_gethook(L), LUA_MASKCOUNT, 1);
    if (L != sb->L)
        lua_sethook(sb->L, lua_gethook(L), LUA_MASKCOUNT, 1);
    if (sb->killed == RM_KILL_MEMORY)
        return luaL_error(L, "memory cap exceeded (--max-memory %d MiB)",
                          (int)(sb->limits.max_memory >> 20));
    if (sb->killed == RM_KILL_TIME) {
        char secs[32];
        snprintf(secs, sizeof secs, "%g", sb->limits.max_seconds);
        return luaL_error(L, "time limit exceeded (--max-seconds %s)", secs);
    }
    return luaL_error(L, "instruction budget exceeded (--max-instructions %I)",
                      (lua_Integer)sb->limits.max_instructions);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    rm_sandbox *sb = rm_sandbox_of(L);
    sb->instr_used += HOOK_EVERY;
    if (over_limit(sb))
        kill_message(L, sb);
}

void rm_sandbox_charge(lua_State *L, double units)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    if (!(units < 1.8e19))          /* NaN, huge: more than any budget */
        sb->instr_used = UINT64_MAX;
    else if (units > 0 && (sb->instr_used += (uint64_t)units) < (uint64_t)units)
        sb->instr_used = UINT64_MAX;
    if (over_limit(sb))
        kill_message(L, sb);
}

void rm_sandbox_grace(rm_sandbox *sb, int on)
{
    sb->grace = on;
    if (!on && !sb->killed && (sb->mem_used > sb->limits.max_memory ||
                               (sb->budget && sb->budget->used > sb->budget->cap))) {
        sb->killed = RM_KILL_MEMORY;
        lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, 1);
    }
}

void rm_sandbox_restart(rm_sandbox *sb)
{
    sb->instr_used = 0;
    /* the clock starts at the first check (the first 1000 instructions or
     * the first charge), which keeps a clock call off every short move */
    sb->deadline = sb->limits.max_seconds > 0 ? -1 : 0;
    if (!sb->killed)                /* the countdown, too, starts afresh */
        lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
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
    if (status == LUA_ERRMEM || (sb->killed == RM_KILL_MEMORY && !lua_isstring(L, -1)))
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
    /* skip a UTF-8 byte-order mark (editors on Windows write one) and a
     * #! line, keeping line numbers */
    const char *start = src;
    if (len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3))
        start += 3;
    if (start < src + len && *start == '#')
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
        rm_errorf(err, "%s: memory cap exceeded while loading (--max-memory %d MiB)", path,
                  (int)(sb->limits.max_memory >> 20));
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
        /* a move could run matches (and itself) from inside a match */
        if (sb->strategy)
            return luaL_error(L, "the rmsim module is not available inside a strategy "
                              "(a move sees only its history h)");
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
        if (sb->strategy) {
            lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env");
            lua_setupvalue(L, -2, 1);
        }
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
    if (env)
        lua_pushvalue(L, env);
    else if (rm_sandbox_of(L)->strategy)    /* the match's globals, not the shared ones */
        lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env");
    if ((env || rm_sandbox_of(L)->strategy) && !lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return 1;
}

/* print goes to stderr, at most PRINT_MAX bytes per script: a loop of
 * prints must not fill the teacher's disk or terminal. */
static int sb_print(lua_State *L)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    rm_sandbox_charge(L, (double)len / BYTES_PER_UNIT);
    if (sb->printed >= PRINT_MAX)
        return 0;
    size_t room = PRINT_MAX - sb->printed;
    fwrite(s, 1, len < room ? len : room, stderr);
    sb->printed += len < room ? len : room;
    if (len >= room)
        fprintf(stderr, "\n%s: print: output capped at %zu KiB; later prints are dropped\n",
                sb->script_name, PRINT_MAX >> 10);
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
 * run for hours. An unanchored search tries every start; each *, +, -
 * item, %b and back-reference can multiply the work by the subject's
 * length, each ? item by two. The sandbox refuses a match whose worst
 * case passes 1e9 steps, and charges the subject's length to the budget. */
static double pattern_cost(const char *p, size_t m, size_t n)
{
    double len = n > 1 ? (double)n : 1, cost = 1;
    size_t i = 0;
    if (m > 0 && p[0] == '^')
        i = 1;
    else
        cost = len;
    while (i < m && cost <= 1e9) {
        int fixed = 0;              /* an item no quantifier may follow */
        if (p[i] == '(' || p[i] == ')') {
            i++;
            continue;
        }
        if (p[i] == '%' && i + 1 < m && p[i + 1] == 'b') {
            i += 4;
            cost *= len;
            continue;
        }
        if (p[i] == '%' && i + 1 < m && p[i + 1] >= '0' && p[i + 1] <= '9') {
            i += 2;
            cost *= len;
            continue;
        }
        if (p[i] == '%' && i + 1 < m && p[i + 1] == 'f') {
            i += 2;
            fixed = 1;
        }
        if (i < m && p[i] == '[') {         /* a set: up to its closing ] */
            i++;
            if (i < m && p[i] == '^')
                i++;
            do {
                i += i < m && p[i] == '%' ? 2 : 1;
            } while (i < m && p[i] != ']');
            i++;
        } else if (!fixed) {
            i += p[i] == '%' ? 2 : 1;
        }
        if (fixed || i >= m)
            continue;
        if (p[i] == '*' || p[i] == '+' || p[i] == '-') {
            cost *= len;
            i++;
        } else if (p[i] == '?') {
            cost *= 2;
            i++;
        }
    }
    return cost;
}

/* The wrappers below check or charge, then call the library function
 * they replace (upvalue 1) with all their arguments. */
static int call_original(lua_State *L, int nresults)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, nresults);
    return nresults == LUA_MULTRET ? lua_gettop(L) : nresults;
}

static int guarded(lua_State *L, const char *name, int plain_arg)
{
    int plain = plain_arg && lua_toboolean(L, plain_arg);
    size_t n = 0, m = 0;
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER)
        lua_tolstring(L, 1, &n);
    rm_sandbox_charge(L, (double)n / BYTES_PER_UNIT);
    if (!plain && (lua_type(L, 2) == LUA_TSTRING || lua_type(L, 2) == LUA_TNUMBER)) {
        const char *p = lua_tolstring(L, 2, &m);
        if (pattern_cost(p, m, n) > 1e9)
            return luaL_error(L, "string.%s: pattern too costly for a string of %d bytes in "
                              "the sandbox (fewer *, +, - or ? items, anchor it with ^, or "
                              "split the string)", name, (int)n);
    }
    return call_original(L, LUA_MULTRET);
}

static int sb_find(lua_State *L) { return guarded(L, "find", 4); }
static int sb_match(lua_State *L) { return guarded(L, "match", 0); }
static int sb_gmatch(lua_State *L) { return guarded(L, "gmatch", 0); }
static int sb_gsub(lua_State *L) { return guarded(L, "gsub", 0); }

/* string.rep builds its result in one C loop: charge the bytes, and
 * answer an empty result at once (("").rep(1 << 62) loops 2^62 times). */
static int sb_rep(lua_State *L)
{
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l == 0 && (lsep == 0 || n == 1))) {
        lua_pushliteral(L, "");
        return 1;
    }
    double bytes = ((double)l + (double)lsep) * (double)n;
    rm_sandbox *sb = rm_sandbox_of(L);
    if (bytes > (double)sb->limits.max_memory) {
        char size[64];
        snprintf(size, sizeof size, "%.3g", bytes);
        return luaL_error(L, "memory cap exceeded (--max-memory %d MiB): string.rep of %s bytes",
                          (int)(sb->limits.max_memory >> 20), size);
    }
    rm_sandbox_charge(L, (double)n + bytes / BYTES_PER_UNIT);     /* a memcpy per copy */
    return call_original(L, 1);
}

/* table.move(a1, f, e, t [, a2]) copies e - f + 1 slots in C. */
static int sb_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f)
        rm_sandbox_charge(L, (double)e - (double)f + 1);
    return call_original(L, 1);
}

/* table.insert and table.remove shift #t - pos slots in C, and #t is
 * what __len says: the length is asked once and the shift charged. */
static lua_Integer checked_len(lua_State *L)
{
    luaL_checkany(L, 1);
    if (lua_type(L, 1) != LUA_TTABLE && !luaL_getmetafield(L, 1, "__len"))
        luaL_checktype(L, 1, LUA_TTABLE);
    else if (lua_type(L, 1) != LUA_TTABLE)
        lua_pop(L, 1);
    return luaL_len(L, 1);
}

static int sb_insert(lua_State *L)
{
    lua_Integer e = checked_len(L);
    e = (lua_Integer)((lua_Unsigned)e + 1u);
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        rm_sandbox_charge(L, (double)e - (double)pos);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int sb_remove(lua_State *L)
{
    lua_Integer size = checked_len(L);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
                      "position out of bounds");
    if (size > pos)
        rm_sandbox_charge(L, (double)size - (double)pos);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* table.sort, concat and unpack run over #t in C; a __len could claim
 * any length (and another on the next call), so they take plain tables,
 * whose length is bounded by memory, and charge the work. */
static int table_work(lua_State *L, const char *name, int sort)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (luaL_getmetafield(L, 1, "__len") != LUA_TNIL)
        return luaL_error(L, "table.%s: a table with __len is not accepted in the sandbox",
                          name);
    double n = (double)lua_rawlen(L, 1);
    int i = name[0] == 'c' ? 3 : 2;         /* concat(t, sep, i, j), unpack(t, i, j) */
    if (!sort && lua_type(L, i + 1) == LUA_TNUMBER) {
        double lo = luaL_optnumber(L, i, 1), hi = lua_tonumber(L, i + 1);
        n = hi >= lo ? hi - lo + 1 : 0;
    }
    rm_sandbox_charge(L, sort && n > 1 ? n * log2(n) : n);
    return call_original(L, LUA_MULTRET);
}

static int sb_sort(lua_State *L) { return table_work(L, "sort", 1); }
static int sb_concat(lua_State *L) { return table_work(L, "concat", 0); }
static int sb_unpack(lua_State *L) { return table_work(L, "unpack", 0); }

/* ---- coroutines ------------------------------------------------------------
 * A coroutine's count hook starts afresh, so up to HOOK_EVERY of its
 * instructions are never counted: a tree of short coroutines ran 2e9
 * instructions under a budget of 1000. Each new coroutine is charged
 * that much. A coroutine stopped by a limit keeps its hooks off, so its
 * __close handlers are never run (Lua's wrap and close would run them). */
static int sb_co_create(lua_State *L)
{
    rm_sandbox_charge(L, HOOK_EVERY);
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    return 1;
}

static int wrapped(lua_State *L)
{
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int narg = lua_gettop(L), nres;
    if (!lua_checkstack(co, narg))
        return luaL_error(L, "too many arguments to resume");
    lua_xmove(L, co, narg);
    int status = lua_resume(co, L, narg, &nres);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            return luaL_error(L, "too many results to resume");
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    rm_sandbox *sb = rm_sandbox_of(L);
    if (sb->killed)
        return kill_message(L, sb);
    int cs = lua_status(co);
    if (cs != LUA_OK && cs != LUA_YIELD) {      /* dead by error: close it */
        lua_resetthread(co);
        if (sb->killed)
            return kill_message(L, sb);
    }
    lua_xmove(co, L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {       /* where the error was raised */
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int sb_co_wrap(lua_State *L)
{
    sb_co_create(L);
    lua_pushcclosure(L, wrapped, 1);
    return 1;
}

static int sb_co_close(lua_State *L)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    if (sb->killed)
        return kill_message(L, sb);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    if (sb->killed)
        return kill_message(L, sb);
    return lua_gettop(L);
}

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
    return call_original(L, 1);
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

/* Read-only tables (sim.params, a strategy's libraries) are empty
 * proxies; rawset must not fill them, nor create globals once locked. */
static int sb_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.readonly");
    lua_pushvalue(L, 1);
    if (lua_rawget(L, -2) != LUA_TNIL)
        return luaL_error(L, "rawset: this table is read-only");
    lua_pop(L, 2);
    rm_sandbox *sb = rm_sandbox_of(L);
    if (sb->locked && lua_type(L, 2) == LUA_TSTRING) {
        int global = 0;
        lua_pushglobaltable(L);
        global = lua_rawequal(L, 1, -1);
        lua_pop(L, 1);
        if (!global && sb->strategy) {
            lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env");
            global = lua_rawequal(L, 1, -1);
            lua_pop(L, 1);
        }
        if (global) {
            lua_pushvalue(L, 2);
            if (lua_rawget(L, 1) == LUA_TNIL)
                return luaL_error(L, "assignment to undeclared global '%s' (use 'local', or "
                                  "define it at the top level of the script)",
                                  lua_tostring(L, 2));
            lua_pop(L, 1);
        }
    }
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "this table is read-only (setting '%s')", luaL_tolstring(L, 2, NULL));
}

static int sb_pairs(lua_State *L);

static int readonly_pairs(lua_State *L)
{
    lua_settop(L, 0);
    lua_pushcfunction(L, sb_pairs);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 1, 3);
    return 3;
}

void rm_sandbox_readonly(lua_State *L, lua_CFunction on_missing, lua_CFunction on_set)
{
    lua_newtable(L);                            /* the proxy */
    lua_createtable(L, 0, 4);
    if (on_missing) {
        lua_pushvalue(L, -3);
        lua_pushcclosure(L, on_missing, 1);
    } else {
        lua_pushvalue(L, -3);
    }
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, on_set ? on_set : readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.readonly");
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_replace(L, -2);
}

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
    lua_pushcfunction(L, sb_rawset);
    lua_setfield(L, -2, "rawset");
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
    lua_getfield(L, -1, "rep");
    lua_pushcclosure(L, sb_rep, 1);
    lua_setfield(L, -2, "rep");
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    static const luaL_Reg tables[] = {
        {"move", sb_move}, {"sort", sb_sort}, {"concat", sb_concat}, {"unpack", sb_unpack},
        {NULL, NULL},
    };
    for (const luaL_Reg *r = tables; r->name; r++) {
        lua_getfield(L, -1, r->name);
        lua_pushcclosure(L, r->func, 1);
        lua_setfield(L, -2, r->name);
    }
    lua_pushcfunction(L, sb_insert);
    lua_setfield(L, -2, "insert");
    lua_pushcfunction(L, sb_remove);
    lua_setfield(L, -2, "remove");
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_COLIBNAME);
    lua_pushcfunction(L, sb_co_create);
    lua_setfield(L, -2, "create");
    lua_pushcfunction(L, sb_co_wrap);
    lua_setfield(L, -2, "wrap");
    lua_getfield(L, -1, "close");
    lua_pushcclosure(L, sb_co_close, 1);
    lua_setfield(L, -2, "close");
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
    lua_newtable(L);                            /* weak set of read-only proxies */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.readonly");
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
    sb->budget = rm_budget_current();
    sb->fail_size = (size_t)-1;
    const char *path = script_path ? script_path : "?";
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 1;
    sb->script_name = malloc(strlen(path) + 1);
    sb->script_dir = malloc(dl + 1);
    /* the sandbox itself is part of the replicate's memory (a partnership
     * opens two per relationship) */
    sb->held = sizeof *sb + strlen(path) + dl + 2 + 4 * BLOCK_OVERHEAD;
    if (!sb->script_name || !sb->script_dir || rm_budget_take(sb->budget, sb->held) < 0) {
        free(sb->script_name);
        free(sb->script_dir);
        free(sb);
        rm_errorf(err, "%s: memory cap exceeded (--max-memory %d MiB)", path,
                  (int)(lim->max_memory >> 20));
        return NULL;
    }
    strcpy(sb->script_name, path);
    if (slash)
        memcpy(sb->script_dir, path, dl);
    else
        sb->script_dir[0] = '.';
    sb->script_dir[script_path ? dl : 0] = '\0';     /* no file: require only scripts/ */
    sb->scripts_dir = rm_scripts_dir();
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        rm_budget_give(sb->budget, sb->held);
        free(sb->script_name);
        free(sb->script_dir);
        free(sb);
        rm_errorf(err, "%s: memory cap exceeded (--max-memory %d MiB)", path,
                  (int)(lim->max_memory >> 20));
        return NULL;
    }
    *(rm_sandbox **)lua_getextraspace(sb->L) = sb;
    lua_atpanic(sb->L, panic);
    lua_pushcfunction(sb->L, setup_state);
    if (rm_sandbox_pcall(sb, 0, 0, err) < 0) {
        rm_sandbox_free(sb);
        return NULL;
    }
    rm_sandbox_restart(sb);
    return sb;
}

void rm_sandbox_lock(rm_sandbox *sb) { sb->locked = 1; }

/* ---- strategies --------------------------------------------------------------
 * A tournament worker keeps a strategy's Lua state from match to match,
 * and which matches a worker plays depends on thread scheduling. So that
 * every match starts from the same state, nothing a move can reach
 * outlives the match: the libraries are read-only proxies, the shared
 * globals sit behind a fresh environment per match (where the file's own
 * globals go, with _G pointing at it), and modules are loaded anew. */
static const char *const libraries[] = {
    LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_MATHLIBNAME, LUA_UTF8LIBNAME, LUA_COLIBNAME, NULL,
};

static int strategy_body(lua_State *L)
{
    lua_pushglobaltable(L);
    for (int i = 0; libraries[i]; i++) {
        lua_getfield(L, -1, libraries[i]);
        rm_sandbox_readonly(L, NULL, NULL);
        lua_setfield(L, -2, libraries[i]);
    }
    lua_pushnil(L);                             /* _G would lead back to the shared table */
    lua_setfield(L, -2, "_G");
    return 0;
}

int rm_sandbox_strategy(rm_sandbox *sb, rm_error *err)
{
    sb->strategy = 1;
    lua_pushcfunction(sb->L, strategy_body);
    return rm_sandbox_pcall(sb, 0, 0, err);
}

void rm_sandbox_push_env(lua_State *L)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    int fn = lua_gettop(L);
    lua_newtable(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env.meta") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 0, 3);
        lua_pushglobaltable(L);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, strict_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.env.meta");
    }
    lua_setmetatable(L, -2);
    lua_pushliteral(L, "_G");
    lua_pushvalue(L, -2);
    lua_rawset(L, -3);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.env");
    lua_setupvalue(L, fn, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.loaded");
    lua_pushnil(L);
    if (lua_next(L, -2)) {                      /* modules were loaded: anew next time */
        lua_pop(L, 2);
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.loaded");
    }
    lua_pop(L, 1);
    sb->locked = 0;
}

void rm_sandbox_free(rm_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    rm_budget_give(sb->budget, sb->held);
    free(sb->script_name);
    free(sb->script_dir);
    free(sb);
}

/* pairs in a fixed order. Lua seeds its string hashes per process, so
 * plain next() order changes from run to run; a script that draws
 * random numbers inside a pairs loop would not be reproducible. Keys
 * are visited numbers first (ascending), then strings (bytewise), then
 * booleans; other keys (tables, functions) follow in no fixed order. */
typedef struct key {
    int rank;                       /* numbers, strings, booleans, others */
    int is_int;
    lua_Integer i;
    double d;
    const char *s;                  /* anchored by the list of keys */
    size_t len;
    lua_Integer at;                 /* position in the list: others keep it */
} key;

static int key_cmp(const void *pa, const void *pb)
{
    const key *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    switch (a->rank) {
    case 0:
        if (a->is_int && b->is_int)
            return (a->i > b->i) - (a->i < b->i);
        if (a->d != b->d)
            return a->d < b->d ? -1 : 1;
        return b->is_int - a->is_int;
    case 1: {
        int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }
    case 2:
        return (int)a->i - (int)b->i;
    default:
        return (a->at > b->at) - (a->at < b->at);
    }
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
    rm_sandbox_charge(L, n > 1 ? (double)n * log2((double)n) : 1);
    /* sorted in C: the keys are read once, compared without Lua calls */
    key *keys = lua_newuserdatauv(L, (size_t)n * sizeof *keys + 1, 0);
    for (lua_Integer k = 1; k <= n; k++) {
        key *e = &keys[k - 1];
        int type = lua_rawgeti(L, 2, k);
        *e = (key){.rank = 3, .at = k};
        if (type == LUA_TNUMBER) {
            e->rank = 0;
            e->is_int = lua_isinteger(L, -1);
            e->i = lua_tointeger(L, -1);
            e->d = lua_tonumber(L, -1);
        } else if (type == LUA_TSTRING) {
            e->rank = 1;
            e->s = lua_tolstring(L, -1, &e->len);
        } else if (type == LUA_TBOOLEAN) {
            e->rank = 2;
            e->i = lua_toboolean(L, -1);
        }
        lua_pop(L, 1);
    }
    qsort(keys, (size_t)n, sizeof *keys, key_cmp);
    lua_createtable(L, (int)(n < INT32_MAX ? n : 0), 0);
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, 2, keys[k - 1].at);
        lua_rawseti(L, -2, k);
    }
    lua_replace(L, 2);
    lua_pop(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 2);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}
