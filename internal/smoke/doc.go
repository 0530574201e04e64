// Package smoke holds the desktop smoke test (build tag smoke; run by make test-smoke).
package smoke
