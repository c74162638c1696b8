#include "chestctRunProgress.h"

#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace chestct
{

RunProgress::RunProgress(std::ostream & stream, Style style, unsigned int stages)
  : m_Stream(stream)
  , m_Style(style)
  , m_Stages(stages)
{}

RunProgress::Style
RunProgress::StyleFor(int fileDescriptor, bool quiet)
{
  if (quiet)
  {
    return Style::Quiet;
  }
  return isatty(fileDescriptor) ? Style::Terminal : Style::Lines;
}

void
RunProgress::Begin(const std::string & name)
{
  ++m_Current;
  m_Name = name;
  m_Start = std::chrono::steady_clock::now();
  m_LastDraw = m_Start;
  if (m_Style == Style::Quiet)
  {
    return;
  }
  m_Stream << "[" << m_Current << "/" << m_Stages << "] " << m_Name << (m_Style == Style::Terminal ? " ..." : "\n");
  m_Stream.flush();
}

void
RunProgress::Update(double fraction)
{
  if (m_Style != Style::Terminal)
  {
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - m_LastDraw < std::chrono::milliseconds(100) && fraction < 1.0)
  {
    return;
  }
  m_LastDraw = now;
  constexpr int width = 30;
  const int     filled = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width + 0.5);
  m_Stream << "\r[" << m_Current << "/" << m_Stages << "] " << m_Name << " [" << std::string(filled, '#')
           << std::string(width - filled, '.') << "] " << std::setw(3) << static_cast<int>(fraction * 100.0 + 0.5)
           << "%";
  m_Stream.flush();
}

double
RunProgress::End(const std::string & result)
{
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_Start).count();
  if (m_Style == Style::Quiet)
  {
    return seconds;
  }
  std::ostringstream line;
  line << std::fixed << std::setprecision(2) << seconds << " s" << (result.empty() ? "" : ", " + result);
  if (m_Style == Style::Terminal)
  {
    // Erase the bar, then write the finished line.
    m_Stream << "\r\033[K[" << m_Current << "/" << m_Stages << "] " << m_Name << ": " << line.str() << "\n";
  }
  else
  {
    m_Stream << "[" << m_Current << "/" << m_Stages << "] " << m_Name << " done: " << line.str() << "\n";
  }
  m_Stream.flush();
  return seconds;
}

} // namespace chestct
