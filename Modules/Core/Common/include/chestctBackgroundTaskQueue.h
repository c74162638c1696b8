#ifndef chestctBackgroundTaskQueue_h
#define chestctBackgroundTaskQueue_h

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace chestct
{

/** \class BackgroundTaskQueue
 * \brief Runs tasks one after another, in the order given, on one worker thread.
 *
 * For outputs that cost time but that nothing later depends on: compressing
 * and writing a volume takes a single core, so a pipeline whose own stages
 * leave a core idle for much of the time (a two-core machine running
 * `chestct run`) can write while it goes on computing.
 *
 * A task must own, or share, everything it touches (capture smart pointers by
 * value), and what it reads must not change while it runs.
 *
 * Failure: the first exception a task throws is kept and the tasks queued
 * after it are dropped; Enqueue(), WaitFor() and Finish() rethrow it in the caller's
 * thread. Destroying the queue drops what has not started and waits for the
 * task that has, so together with AtomicOutputFile a failed run leaves no
 * partial file.
 *
 * \ingroup ChestCTCommon
 */
class BackgroundTaskQueue
{
public:
  BackgroundTaskQueue();
  ~BackgroundTaskQueue();
  BackgroundTaskQueue(const BackgroundTaskQueue &) = delete;
  BackgroundTaskQueue &
  operator=(const BackgroundTaskQueue &) = delete;

  /** Queues `task` and returns its place in the queue (1 for the first task), for WaitFor; first rethrows
   * the failure of an earlier task, if any. */
  std::size_t
  Enqueue(std::function<void()> task);

  /** Waits until the task `ticket` (what Enqueue returned) and those before it have run, and so have
   * released what they held; rethrows the first failure. */
  void
  WaitFor(std::size_t ticket);

  /** Waits until every queued task has run; rethrows the first failure. */
  void
  Finish();

private:
  void
  Work();

  std::mutex                        m_Mutex;
  std::condition_variable           m_Changed;
  std::deque<std::function<void()>> m_Tasks;
  std::exception_ptr                m_Failure;
  std::size_t                       m_Queued{ 0 }; ///< tasks enqueued so far
  std::size_t                       m_Done{ 0 };   ///< of those, tasks run to their end
  bool                              m_Stopping{ false };
  std::thread                       m_Worker; ///< last: started once the members above exist
};

} // namespace chestct

#endif
