// Command server runs the invoicing API.
//
// Configuration comes from the environment:
//
//	ADDR           listen address (default :8080)
//	DATABASE_URL   Postgres connection string
//	REDIS_ADDR     Redis address (default localhost:6379)
//	FILES_DIR      attachment directory, one subdirectory per tenant
//	S3_BUCKET      bucket of invoice PDFs and exports (credentials from AWS_*)
//	TOKEN_SECRET   HMAC key of session tokens, shared with the login service
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/saas/internal/api"
	"example.com/saas/internal/auth"
	"example.com/saas/internal/blobs"
	"example.com/saas/internal/cache"
	"example.com/saas/internal/files"
	"example.com/saas/internal/store"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg := make(map[string]string)
	for _, name := range []string{"DATABASE_URL", "FILES_DIR", "S3_BUCKET", "TOKEN_SECRET"} {
		if cfg[name] = os.Getenv(name); cfg[name] == "" {
			return fmt.Errorf("%s is not set", name)
		}
	}

	pool, err := pgxpool.New(ctx, cfg["DATABASE_URL"])
	if err != nil {
		return err
	}
	defer pool.Close()
	rdb := redis.NewClient(&redis.Options{Addr: env("REDIS_ADDR", "localhost:6379")})
	defer rdb.Close()
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}

	srv := &api.Server{
		Store: store.New(pool),
		Cache: cache.New(rdb, 15*time.Minute),
		Files: files.New(cfg["FILES_DIR"]),
		Blobs: blobs.New(s3.NewFromConfig(awsCfg), cfg["S3_BUCKET"]),
		Authz: auth.NewAuthz(pool),
		Log:   log,
	}
	tokens := &auth.Tokens{Secret: []byte(cfg["TOKEN_SECRET"]), Now: time.Now}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := pool.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		}
	})
	mux.Handle("/v1/", tokens.Middleware(srv.Routes()))

	hs := &http.Server{Addr: env("ADDR", ":8080"), Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdownCtx)
	}()
	log.Info("listening", "addr", hs.Addr)
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
