/* LMDB harness for ../../shared/reference/engine-workloads.md (engine=lmdb): MDB_NOSUBDIR, mapsize 8 GiB, put flags 0. */
#include <lmdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint64_t sm_state;
static uint64_t sm_next(void) {
  uint64_t z = (sm_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
static int *perm(int n, uint64_t seed) {
  int *a = malloc(sizeof(int) * n);
  for (int i = 0; i < n; i++) a[i] = i;
  sm_state = seed;
  for (int i = n - 1; i >= 1; i--) { int j = (int)(sm_next() % (uint64_t)(i + 1)); int t = a[i]; a[i] = a[j]; a[j] = t; }
  return a;
}
static double now(void) { struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts); return ts.tv_sec + ts.tv_nsec / 1e9; }
static void be64(unsigned char *p, uint64_t v) { for (int i = 7; i >= 0; i--) { p[i] = v & 0xff; v >>= 8; } }
static uint64_t rd64(const unsigned char *p) { uint64_t v = 0; for (int i = 0; i < 8; i++) v = (v << 8) | p[i]; return v; }
#define CHECK(x) do { int rc_ = (x); if (rc_) { fprintf(stderr, "%s: %s\n", #x, mdb_strerror(rc_)); exit(1); } } while (0)
static char path[4096], lockpath[4200];
static int n, batch, single;
static unsigned char key[16], val[100];

static void result(const char *w, long ops, double secs, const char *extra) {
  printf("RESULT engine=lmdb workload=%s ops=%ld secs=%.6f ops_per_s=%.1f ns_per_op=%.1f%s\n", w, ops, secs, ops / secs, secs * 1e9 / ops, extra);
}
static MDB_env *open_env(void) {
  MDB_env *env; CHECK(mdb_env_create(&env)); CHECK(mdb_env_set_mapsize(env, 8ULL << 30));
  CHECK(mdb_env_open(env, path, MDB_NOSUBDIR, 0644)); return env;
}
static void close_env(MDB_env *env) { mdb_env_close(env); }
static MDB_env *fresh(MDB_dbi *dbi) {
  unlink(path); unlink(lockpath);
  MDB_env *env = open_env(); MDB_txn *t; CHECK(mdb_txn_begin(env, NULL, 0, &t)); CHECK(mdb_dbi_open(t, NULL, 0, dbi)); CHECK(mdb_txn_commit(t));
  return env;
}
static void write_wl(const char *w, int *order) {
  MDB_dbi dbi; MDB_env *env = fresh(&dbi);
  double t0 = now();
  for (int s = 0; s < n; s += batch) {
    MDB_txn *t; CHECK(mdb_txn_begin(env, NULL, 0, &t));
    for (int x = s; x < s + batch && x < n; x++) {
      uint64_t i = order ? (uint64_t)order[x] : (uint64_t)x;
      be64(key + 8, i); be64(val, i);
      MDB_val k = {16, key}, v = {100, val};
      CHECK(mdb_put(t, dbi, &k, &v, 0));
    }
    CHECK(mdb_txn_commit(t));
  }
  result(w, n, now() - t0, "");
  close_env(env);
}
static void size_wl(const char *w) {
  struct stat st; stat(path, &st);
  printf("RESULT engine=lmdb workload=%s bytes=%ld alloc_bytes=%ld bytes_per_key=%.2f\n", w, (long)st.st_size, (long)st.st_blocks * 512, (double)st.st_size / n);
}
static void scan(MDB_env *env, MDB_dbi dbi) {
  MDB_txn *t; CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &t));
  MDB_cursor *c; CHECK(mdb_cursor_open(t, dbi, &c));
  MDB_val k, v; long count = 0, sum = 0; unsigned char expect[16] = {0};
  for (int rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
    be64(expect + 8, count);
    if (k.mv_size != 16 || memcmp(k.mv_data, expect, 16) || v.mv_size != 100) { fprintf(stderr, "scan: bad entry %ld\n", count); exit(1); }
    sum += ((unsigned char *)v.mv_data)[99]; count++;
  }
  if (count != n) { fprintf(stderr, "scan: %ld keys\n", count); exit(1); }
  mdb_cursor_close(c); mdb_txn_abort(t);
}
static int cmpd(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "/tmp/engine-bench";
  n = argc > 2 ? atoi(argv[2]) : 1000000; batch = argc > 3 ? atoi(argv[3]) : 1000; single = argc > 4 ? atoi(argv[4]) : 10000;
  mkdir(dir, 0755);
  snprintf(path, sizeof path, "%s/lmdb-bench.mdb", dir); snprintf(lockpath, sizeof lockpath, "%s-lock", path);
  unsigned char raw[96]; sm_state = 3; for (int i = 0; i < 12; i++) be64(raw + i * 8, sm_next());
  memcpy(val + 8, raw, 92);
  int *p1 = perm(n, 1), *p2 = perm(n, 2);
  printf("INFO engine=lmdb version=%s mapsize=8GiB flags=MDB_NOSUBDIR syncs_per_commit=2\n", MDB_VERSION_STRING);
  printf("SPEC engine=lmdb n=%d perm1=%d,%d,%d,%d perm2=%d,%d,%d,%d value=", n, p1[0], p1[1], p1[2], p1[n - 1], p2[0], p2[1], p2[2], p2[n - 1]);
  for (int i = 0; i < 92; i++) printf("%02x", raw[i]);
  printf("\n");
  write_wl("seq-write", NULL);
  size_wl("file-size-seq");
  MDB_env *env = open_env(); MDB_dbi dbi; MDB_txn *t;
  CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &t)); CHECK(mdb_dbi_open(t, NULL, 0, &dbi)); mdb_txn_abort(t);
  double t0 = now(); scan(env, dbi); result("scan-first", n, now() - t0, "");
  t0 = now(); CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &t)); long sum = 0;
  for (int x = 0; x < n; x++) {
    uint64_t i = p2[x]; be64(key + 8, i); MDB_val k = {16, key}, v;
    if (mdb_get(t, dbi, &k, &v) || v.mv_size != 100 || rd64(v.mv_data) != i) { fprintf(stderr, "rand-read: bad key\n"); exit(1); }
    sum += ((unsigned char *)v.mv_data)[99];
  }
  mdb_txn_abort(t); result("rand-read", n, now() - t0, "");
  t0 = now(); scan(env, dbi); result("seq-scan", n, now() - t0, "");
  close_env(env); unlink(path); unlink(lockpath);
  write_wl("rand-write", p1);
  size_wl("file-size-rand"); unlink(path); unlink(lockpath);
  env = fresh(&dbi);
  double *lat = malloc(sizeof(double) * single);
  t0 = now();
  for (int i = 0; i < single; i++) {
    double a = now();
    CHECK(mdb_txn_begin(env, NULL, 0, &t)); be64(key + 8, i); be64(val, i);
    MDB_val k = {16, key}, v = {100, val}; CHECK(mdb_put(t, dbi, &k, &v, 0)); CHECK(mdb_txn_commit(t));
    lat[i] = (now() - a) * 1e6;
  }
  double secs = now() - t0; qsort(lat, single, sizeof(double), cmpd);
  char extra[128]; snprintf(extra, sizeof extra, " p50_us=%.1f p99_us=%.1f", lat[single / 2], lat[single * 99 / 100]);
  result("single-put-tx", single, secs, extra);
  close_env(env); unlink(path); unlink(lockpath);
  fprintf(stderr, "checksum %ld\n", sum);
  return 0;
}
