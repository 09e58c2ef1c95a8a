//go:build tools

// Package tools pins kwok, which gives the install tests' cluster fake nodes and pod status.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
