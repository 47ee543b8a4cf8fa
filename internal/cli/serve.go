package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/docspec/docspec/config"
	"github.com/docspec/docspec/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--addr HOST:PORT] [--db DSN] [--credentials FILE] [--explain FILE] SPEC|NAME...\n\nServes every operation of the given specs (spec files, or names from docspec.yaml)\nas a stateful test double: resources inferred from paths and methods, state kept\nin SQLite (or PostgreSQL with --db postgres://...), requests authenticated and\nvalidated, errors in the provider's documented shape. Prints how it understood\neach spec, then 'listening on http://HOST:PORT'. Stops on SIGINT or SIGTERM.", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port)")
	db := fs.String("db", serve.DefaultDB, "store: a SQLite file `DSN`, or postgres://...")
	creds := fs.String("credentials", "", "YAML `FILE` with tokens: [...] and access_keys: [{ak, sk}] (default: any token, no AK/SK)")
	explain := fs.String("explain", "", "write how each operation is understood to `FILE` as Markdown ('-': standard output)")
	cfgPath := fs.String("config", "docspec.yaml", "configuration `FILE`, to name a spec by its name")
	quiet := fs.Bool("quiet", false, "do not log requests")
	rest, err := parseFlags(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if len(rest) == 0 {
		fs.Usage()
		return ExitError
	}
	specs, err := loadServed(rest, *cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "docspec serve: %v\n", err)
		return ExitError
	}
	opts := serve.Options{}
	if !*quiet {
		opts.Log = stderr
	}
	if *creds != "" {
		if opts.Credentials, err = serve.LoadCredentials(*creds); err != nil {
			fmt.Fprintf(stderr, "docspec serve: --credentials %v\n", err)
			return ExitError
		}
	}
	if code := writeExplain(*explain, specs, stdout, stderr); code != ExitOK {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if opts.Store, err = serve.Open(ctx, *db); err != nil {
		fmt.Fprintf(stderr, "docspec serve: %v\n", err)
		return ExitError
	}
	defer opts.Store.Close()
	srv, err := serve.New(specs, opts)
	if err != nil {
		fmt.Fprintf(stderr, "docspec serve: %v\n", err)
		return ExitError
	}
	for _, s := range specs {
		fmt.Fprintln(stdout, serve.Summary(s))
	}
	for _, o := range srv.Shadowed {
		fmt.Fprintf(stdout, "%s: %s %s not served: an earlier spec holds it\n", o.Spec.Name, o.Method, o.Path)
	}
	err = serve.Listen(ctx, *addr, srv, func(a net.Addr) {
		fmt.Fprintf(stdout, "listening on http://%s\n", a)
	})
	if err != nil {
		fmt.Fprintf(stderr, "docspec serve: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// loadServed reads each argument as a spec file, or as a spec name of the configuration.
func loadServed(args []string, cfgPath string) ([]*serve.Spec, error) {
	var cfg *config.Config
	var specs []*serve.Spec
	for _, a := range args {
		path, name := a, strings.TrimSuffix(filepath.Base(a), filepath.Ext(a))
		if _, err := os.Stat(a); err != nil {
			if cfg == nil {
				if cfg, err = config.Load(cfgPath); err != nil {
					return nil, fmt.Errorf("%s is not a file, and the configuration does not load: %w", a, err)
				}
			}
			s := cfg.Spec(a)
			if s == nil {
				return nil, fmt.Errorf("%q is neither a spec file nor a spec of %s", a, cfgPath)
			}
			path, name = filepath.Join(filepath.Dir(cfg.File), s.Output), s.Name
		}
		s, err := serve.Load(name, path)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s)
	}
	return specs, nil
}

func writeExplain(path string, specs []*serve.Spec, stdout, stderr io.Writer) int {
	switch path {
	case "":
		return ExitOK
	case "-":
		serve.Explain(stdout, specs)
		return ExitOK
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(stderr, "docspec serve: --explain %v\n", err)
		return ExitError
	}
	serve.Explain(f, specs)
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "docspec serve: --explain %v\n", err)
		return ExitError
	}
	return ExitOK
}
