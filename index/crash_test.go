package index_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/index"
	"github.com/clustergo/partnermatch/profile"
)

// crashEnv names the folder a child process writes to in TestKill.
const crashEnv = "PARTNERMATCH_CRASH_DIR"

// crashProfile is the i-th profile the child writes: a fixture profile
// under a new id.
func crashProfile(i int) profile.Profile {
	ps := fixture()
	p := ps[i%len(ps)]
	p.ID = fmt.Sprintf("crash-%05d", i)
	p.Partnerships = nil
	return p
}

// TestCrashChild is the child of TestKill: it opens the folder (creating
// it on the first run) and writes batches of 5 profiles until it is
// killed, printing the count of profiles acknowledged after each batch.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("run by TestKill")
	}
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	n, err := x.Count()
	if err != nil {
		os.Exit(4)
	}
	fmt.Println("opened", n)
	for i := n; ; i += 5 {
		batch := make([]profile.Profile, 5)
		for j := range batch {
			batch[j] = crashProfile(i + j)
		}
		if err := x.Upsert(context.Background(), batch...); err != nil {
			fmt.Println("upsert:", err)
			os.Exit(5)
		}
		fmt.Println("acked", i+5)
	}
}

// TestKill kills a writing child process with SIGKILL at moments spread
// over its life, the first ones during its first Open of a new folder
// (D7), and checks after each kill that the folder opens, verifies and
// holds every profile that was acknowledged.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; not with -short")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	delays := []time.Duration{5, 20, 40, 80, 150, 250, 400, 600}
	acked := 0
	for k, d := range delays {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		time.Sleep(d * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		_ = cmd.Wait()
		for l := range lines {
			switch {
			case strings.HasPrefix(l, "acked "):
				acked, _ = strconv.Atoi(strings.TrimPrefix(l, "acked "))
			case strings.HasPrefix(l, "opened "):
			case strings.HasPrefix(l, "open:"), strings.HasPrefix(l, "upsert:"):
				t.Fatalf("kill %d: child failed: %s", k, l)
			}
		}

		x, err := index.Open(dir, index.Options{})
		require.NoError(t, err, "kill %d after %v: the folder must open", k, d*time.Millisecond)
		n, err := x.Count()
		require.NoError(t, err)
		assert.GreaterOrEqual(t, n, acked, "kill %d: acknowledged profiles lost", k)
		assert.Zero(t, n%5, "kill %d: a partial batch is visible (%d profiles)", k, n)
		require.NoError(t, x.ForEach(context.Background(), func(profile.Profile) error { return nil }),
			"kill %d: stored profiles verify", k)
		for i := range acked {
			_, ok, err := x.Get(crashProfile(i).ID)
			require.NoError(t, err)
			require.True(t, ok, "kill %d: acknowledged %s missing", k, crashProfile(i).ID)
		}
		require.NoError(t, x.Close())
		acked = n
	}
	t.Logf("%d kills, %d profiles acknowledged and kept", len(delays), acked)
}
