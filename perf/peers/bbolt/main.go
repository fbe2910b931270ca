// bbolt harness for ../../shared/reference/engine-workloads.md (engine=bbolt), DefaultOptions.
package main

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
	"time"

	bolt "github.com/etcd-io/bbolt"
)

type splitmix struct{ s uint64 }

func (r *splitmix) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func perm(n int, seed uint64) []int {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	r := &splitmix{seed}
	for i := n - 1; i >= 1; i-- {
		j := int(r.next() % uint64(i+1))
		a[i], a[j] = a[j], a[i]
	}
	return a
}

var bucket = []byte("bench")

func result(w string, ops int, secs float64, extra string) {
	fmt.Printf("RESULT engine=bbolt workload=%s ops=%d secs=%.6f ops_per_s=%.1f ns_per_op=%.1f%s\n", w, ops, secs, float64(ops)/secs, secs*1e9/float64(ops), extra)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	dir, n, batch, single := "/tmp/engine-bench", 1000000, 1000, 10000
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if len(os.Args) > 4 {
		n, _ = strconv.Atoi(os.Args[2])
		batch, _ = strconv.Atoi(os.Args[3])
		single, _ = strconv.Atoi(os.Args[4])
	}
	must(os.MkdirAll(dir, 0755))
	path := filepath.Join(dir, "bbolt-bench.db")
	raw := make([]byte, 96)
	r := &splitmix{3}
	for i := 0; i < 12; i++ {
		binary.BigEndian.PutUint64(raw[i*8:], r.next())
	}
	tmpl := raw[:92]
	p1, p2 := perm(n, 1), perm(n, 2)
	fmt.Printf("INFO engine=bbolt version=debian-golang-github-coreos-bbolt-dev options=DefaultOptions syncs_per_commit=2\n")
	fmt.Printf("SPEC engine=bbolt n=%d perm1=%d,%d,%d,%d perm2=%d,%d,%d,%d value=%s\n", n, p1[0], p1[1], p1[2], p1[n-1], p2[0], p2[1], p2[2], p2[n-1], hex.EncodeToString(tmpl))
	key := make([]byte, 16)
	arena := make([]byte, batch*100)
	keyArena := make([]byte, batch*16)
	for s := 0; s < batch; s++ {
		copy(arena[s*100+8:], tmpl)
	}
	fresh := func() *bolt.DB {
		os.Remove(path)
		db, err := bolt.Open(path, 0644, nil)
		must(err)
		must(db.Update(func(tx *bolt.Tx) error { _, e := tx.CreateBucket(bucket); return e }))
		return db
	}
	write := func(w string, order []int) {
		db := fresh()
		start := time.Now()
		for s := 0; s < n; s += batch {
			tx, err := db.Begin(true)
			must(err)
			b := tx.Bucket(bucket)
			for x := s; x < s+batch && x < n; x++ {
				i := x
				if order != nil {
					i = order[x]
				}
				k := keyArena[(x-s)*16 : (x-s)*16+16]
				binary.BigEndian.PutUint64(k[8:], uint64(i))
				v := arena[(x-s)*100 : (x-s)*100+100]
				binary.BigEndian.PutUint64(v, uint64(i))
				must(b.Put(k, v))
			}
			must(tx.Commit())
		}
		result(w, n, time.Since(start).Seconds(), "")
		must(db.Close())
	}
	size := func(w string) {
		var st syscall.Stat_t
		must(syscall.Stat(path, &st))
		fmt.Printf("RESULT engine=bbolt workload=%s bytes=%d alloc_bytes=%d bytes_per_key=%.2f\n", w, st.Size, st.Blocks*512, float64(st.Size)/float64(n))
	}
	scan := func(db *bolt.DB) {
		expect := make([]byte, 16)
		must(db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucket).Cursor()
			count, sum := 0, 0
			for k, v := c.First(); k != nil; k, v = c.Next() {
				binary.BigEndian.PutUint64(expect[8:], uint64(count))
				if string(k) != string(expect) || len(v) != 100 {
					return fmt.Errorf("scan: bad entry %d", count)
				}
				sum += int(v[99])
				count++
			}
			if count != n {
				return fmt.Errorf("scan: %d keys", count)
			}
			return nil
		}))
	}
	write("seq-write", nil)
	size("file-size-seq")
	db, err := bolt.Open(path, 0644, nil)
	must(err)
	start := time.Now()
	scan(db)
	result("scan-first", n, time.Since(start).Seconds(), "")
	start = time.Now()
	must(db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucket)
		sum := 0
		for x := 0; x < n; x++ {
			i := p2[x]
			binary.BigEndian.PutUint64(key[8:], uint64(i))
			v := b.Get(key)
			if len(v) != 100 || binary.BigEndian.Uint64(v) != uint64(i) {
				return fmt.Errorf("rand-read: bad key %d", i)
			}
			sum += int(v[99])
		}
		return nil
	}))
	result("rand-read", n, time.Since(start).Seconds(), "")
	start = time.Now()
	scan(db)
	result("seq-scan", n, time.Since(start).Seconds(), "")
	must(db.Close())
	os.Remove(path)
	write("rand-write", p1)
	size("file-size-rand")
	os.Remove(path)
	db = fresh()
	lat := make([]float64, single)
	start = time.Now()
	for i := 0; i < single; i++ {
		t0 := time.Now()
		must(db.Update(func(tx *bolt.Tx) error {
			k := keyArena[:16]
			binary.BigEndian.PutUint64(k[8:], uint64(i))
			v := arena[:100]
			binary.BigEndian.PutUint64(v, uint64(i))
			return tx.Bucket(bucket).Put(k, v)
		}))
		lat[i] = float64(time.Since(t0).Nanoseconds()) / 1000
	}
	secs := time.Since(start).Seconds()
	sort.Float64s(lat)
	result("single-put-tx", single, secs, fmt.Sprintf(" p50_us=%.1f p99_us=%.1f", lat[single/2], lat[single*99/100]))
	must(db.Close())
	os.Remove(path)
}
