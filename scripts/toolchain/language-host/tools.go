//go:build tools

// Keeps the language host's main package in this module's build list.
package toolchain

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
