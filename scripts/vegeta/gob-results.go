// Writes vegeta attack results in vegeta's default binary encoding (`vegeta attack … > results.bin`): a gob stream
// of vegeta's Result struct, whose definition (lib/results.go, v12.8+) is copied here field for field so that
// encoding/gob writes the same type description and values vegeta does. Vegeta itself cannot be built here (its
// modules are not reachable), so this stands in for it. Used by scripts/make-format-fixtures.sh.
//
//   go run scripts/vegeta/gob-results.go > fixtures/formats/vegeta/results.gob
package main

import (
	"encoding/gob"
	"net/http"
	"os"
	"time"
)

// Result is vegeta's lib.Result.
type Result struct {
	Attack    string        `json:"attack"`
	Seq       uint64        `json:"seq"`
	Code      uint16        `json:"code"`
	Timestamp time.Time     `json:"timestamp"`
	Latency   time.Duration `json:"latency"`
	BytesOut  uint64        `json:"bytes_out"`
	BytesIn   uint64        `json:"bytes_in"`
	Error     string        `json:"error"`
	Body      []byte        `json:"body"`
	Method    string        `json:"method"`
	URL       string        `json:"url"`
	Headers   http.Header   `json:"headers"`
}

func main() {
	gob.Register(&Result{})
	enc := gob.NewEncoder(os.Stdout)
	start := time.Date(2026, time.November, 2, 9, 0, 0, 0, time.UTC)
	for seq := uint64(0); seq < 5; seq++ {
		r := Result{
			Attack:    "fixture",
			Seq:       seq,
			Code:      200,
			Timestamp: start.Add(time.Duration(seq) * 10 * time.Millisecond),
			Latency:   time.Duration(4+seq) * time.Millisecond,
			BytesIn:   14,
			Body:      []byte("ok /api/users\n"),
			Method:    "GET",
			URL:       "http://127.0.0.1:8080/api/users",
			Headers:   http.Header{"Content-Type": []string{"text/plain"}},
		}
		if err := enc.Encode(&r); err != nil {
			panic(err)
		}
	}
}
