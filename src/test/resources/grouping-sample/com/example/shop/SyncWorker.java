package com.example.shop;

/** Background sync on a named thread; a failed sync escapes the thread uncaught. */
final class SyncWorker implements Runnable {
  private final String account;

  private SyncWorker(String account) {
    this.account = account;
  }

  /** Runs the sync on a thread named after the account ({@code sync-<account>}) and waits. */
  static void startAndWait(String account) {
    Thread thread = new Thread(new SyncWorker(account), "sync-" + account);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    syncAccount();
  }

  private void syncAccount() {
    throw new IllegalStateException("sync failed for account " + account);
  }
}
