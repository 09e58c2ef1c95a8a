//go:build tools

// Package tools pins the etcd server chartkit builds for its install tests.
package tools

import _ "go.etcd.io/etcd/server/v3"
