#include "chestctBackgroundTaskQueue.h"
#include "chestctError.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

TEST_CASE("Background tasks run in the order given, on another thread, and Finish waits for them", "[background]")
{
  chestct::BackgroundTaskQueue queue;
  std::vector<int>             order;
  std::thread::id              worker;
  for (int i = 0; i < 5; ++i)
  {
    queue.Enqueue([&order, &worker, i] {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      order.push_back(i);
      worker = std::this_thread::get_id();
    });
  }
  queue.Finish();
  REQUIRE(order == std::vector<int>{ 0, 1, 2, 3, 4 });
  REQUIRE(worker != std::this_thread::get_id());
  queue.Finish(); // nothing queued: returns at once
}

TEST_CASE("WaitFor returns once a given task has run, before the tasks queued after it", "[background]")
{
  chestct::BackgroundTaskQueue queue;
  std::atomic<bool>            release{ false };
  std::atomic<int>             ran{ 0 };
  const std::size_t            first = queue.Enqueue([&ran] { ++ran; });
  queue.Enqueue([&] {
    while (!release)
    {
      std::this_thread::yield();
    }
    ++ran;
  });
  REQUIRE(first == 1);
  queue.WaitFor(first); // the second task is still blocked: WaitFor must not wait for it
  REQUIRE(ran == 1);
  release = true;
  queue.Finish();
  REQUIRE(ran == 2);
}

TEST_CASE("A failed background task drops the tasks after it and its error reaches the caller", "[background]")
{
  chestct::BackgroundTaskQueue queue;
  std::atomic<int>             ran{ 0 };
  std::atomic<bool>            release{ false };
  // The first task holds the worker until all three are queued: an Enqueue after the failure has run
  // reports it (as checked below), so the failing task must not run before the third Enqueue.
  queue.Enqueue([&] {
    while (!release)
    {
      std::this_thread::yield();
    }
    ++ran;
  });
  queue.Enqueue([] { throw chestct::Error("out/ct.nrrd", "could not write the image", "free some disk space"); });
  queue.Enqueue([&ran] { ++ran; });
  release = true;
  try
  {
    queue.Finish();
    FAIL("Finish did not report the failed task");
  }
  catch (const chestct::Error & error)
  {
    REQUIRE(error.File() == "out/ct.nrrd");
  }
  REQUIRE(ran == 1);
  // Every later call reports it too: a run stops at its next stage.
  REQUIRE_THROWS_AS(queue.Enqueue([&ran] { ++ran; }), chestct::Error);
  REQUIRE_THROWS_AS(queue.Finish(), chestct::Error);
  REQUIRE(ran == 1);
}

TEST_CASE("Destroying the queue waits for the running task and drops the ones not started", "[background]")
{
  std::atomic<int>  finished{ 0 };
  std::atomic<bool> started{ false };
  {
    chestct::BackgroundTaskQueue queue;
    // The running task outlasts the enqueues and the destructor's start by a wide margin, even on a loaded
    // machine; the destructor clears what is not started before it waits.
    queue.Enqueue([&] {
      started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      ++finished;
    });
    for (int i = 0; i < 3; ++i)
    {
      queue.Enqueue([&finished] { finished += 10; });
    }
    while (!started)
    {
      std::this_thread::yield();
    }
  }
  REQUIRE(finished == 1);
}
