#include "chestctBackgroundTaskQueue.h"

namespace chestct
{

BackgroundTaskQueue::BackgroundTaskQueue()
  : m_Worker([this] { Work(); })
{}

BackgroundTaskQueue::~BackgroundTaskQueue()
{
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    m_Stopping = true;
    m_Tasks.clear();
  }
  m_Changed.notify_all();
  m_Worker.join();
}

std::size_t
BackgroundTaskQueue::Enqueue(std::function<void()> task)
{
  std::size_t ticket = 0;
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    if (m_Failure)
    {
      std::rethrow_exception(m_Failure);
    }
    m_Tasks.push_back(std::move(task));
    ticket = ++m_Queued;
  }
  m_Changed.notify_all();
  return ticket;
}

void
BackgroundTaskQueue::WaitFor(std::size_t ticket)
{
  std::unique_lock<std::mutex> lock(m_Mutex);
  m_Changed.wait(lock, [this, ticket] { return m_Done >= ticket || m_Failure; });
  if (m_Failure)
  {
    std::rethrow_exception(m_Failure);
  }
}

void
BackgroundTaskQueue::Finish()
{
  std::size_t queued = 0;
  {
    std::lock_guard<std::mutex> lock(m_Mutex);
    queued = m_Queued;
  }
  WaitFor(queued);
}

void
BackgroundTaskQueue::Work()
{
  std::unique_lock<std::mutex> lock(m_Mutex);
  while (true)
  {
    m_Changed.wait(lock, [this] { return m_Stopping || !m_Tasks.empty(); });
    if (m_Stopping)
    {
      return;
    }
    std::function<void()> task = std::move(m_Tasks.front());
    m_Tasks.pop_front();
    lock.unlock();
    std::exception_ptr failure;
    try
    {
      task();
    }
    catch (...)
    {
      failure = std::current_exception();
    }
    task = nullptr; // what it captured (a volume, say) is released before the caller is told it is done
    lock.lock();
    ++m_Done;
    if (failure && !m_Failure)
    {
      m_Failure = failure;
      m_Tasks.clear();
    }
    m_Changed.notify_all();
  }
}

} // namespace chestct
