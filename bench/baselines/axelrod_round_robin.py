"""The Axelrod library's round robin (200-turn matches), for issue 7's
comparison, where the library is installed (Debian has no package).

Usage: axelrod_round_robin.py REPETITIONS. Prints
  axelrod: RATE matches/s (MATCHES matches of 200 turns)
or a line starting "axelrod: skipped" when the library is missing."""
import sys
import time

try:
    import axelrod as axl
except ImportError:
    print("axelrod: skipped (the axelrod library is not installed; Debian has no package)")
    sys.exit(0)

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
players = [axl.Cooperator(), axl.Defector(), axl.TitForTat(), axl.Grudger(), axl.Alternator(),
           axl.TitFor2Tats(), axl.TwoTitsForTat(), axl.SuspiciousTitForTat(), axl.WinStayLoseShift(),
           axl.Detective(), axl.GTFT(), axl.Random(), axl.Joss(), axl.Prober(), axl.Handshake(),
           axl.FirmButFair(), axl.Cycler("CCD"), axl.HardTitForTat()]
t = axl.Tournament(players, turns=200, repetitions=reps)
t0 = time.perf_counter()
r = t.play(progress_bar=False, processes=1)
dt = time.perf_counter() - t0
matches = len(players) * (len(players) + 1) // 2 * reps
print("axelrod: %.3g matches/s (%d matches of 200 turns)" % (matches / dt, matches), flush=True)
