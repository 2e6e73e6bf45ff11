<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ConsoleSettings</name>
    <message>
        <location filename="../settings.py" line="58" />
        <source>无法解析</source>
        <extracomment>language code → the name shown in the settings dialog (in that language)</extracomment>
        <translation>cannot be parsed</translation>
    </message>
    <message>
        <location filename="../settings.py" line="69" />
        <source>不是 UTF-8 文本</source>
        <translation>not UTF-8 text</translation>
    </message>
    <message>
        <location filename="../settings.py" line="72" />
        <source>无法读取设置文件 {path}（{reason}），已使用默认设置。</source>
        <translation>Cannot read the settings file {path} ({reason}); using the defaults.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="78" />
        <source>第 {n} 行格式错误：{line}</source>
        <translation>line {n} is malformed: {line}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="88" />
        <source>原文件已另存为 {backup}</source>
        <translation>the original was kept as {backup}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="90" />
        <source>原文件无法另存</source>
        <translation>the original could not be kept</translation>
    </message>
    <message>
        <location filename="../settings.py" line="91" />
        <source>设置文件 {path} 已损坏（{reason}），已恢复默认设置；{kept}。</source>
        <translation>The settings file {path} is damaged ({reason}); the defaults are in use; {kept}.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="109" />
        <source>设置项「{key}」的值无效（{value}），已恢复默认值「{default}」。</source>
        <translation>The setting “{key}” has an invalid value ({value}); reset to the default “{default}”.</translation>
    </message>
</context>
<context>
    <name>ConsultationsPanel</name>
    <message>
        <location filename="../consultations/panel.py" line="54" />
        <source>发起会商</source>
        <translation>Open consultation</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="60" />
        <source>会商编号</source>
        <translation>Consultation No.</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="60" />
        <source>议题</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="60" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="60" />
        <source>发起</source>
        <translation>Opened</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="61" />
        <source>意见/法定人数</source>
        <translation>Opinions/quorum</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="61" />
        <location filename="../consultations/panel.py" line="107" />
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="64" />
        <source>邀请专家（按专业与可用状态）</source>
        <translation>Invite experts (by specialty and availability)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="66" />
        <source>邀请所选专家</source>
        <translation>Invite the selected experts</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="72" />
        <source>专家意见</source>
        <translation>Expert opinions</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="81" />
        <source>记录意见</source>
        <translation>Record opinion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="84" />
        <source>专家</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="85" />
        <source>意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="86" />
        <location filename="../consultations/panel.py" line="108" />
        <source>建议级别</source>
        <translation>Recommended level</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="87" />
        <source>意见内容</source>
        <translation>Opinion text</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="88" />
        <source>保留意见</source>
        <translation>Reservations</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="91" />
        <source>会商结论（组长签发）</source>
        <translation>Conclusion (issued by the chair)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="99" />
        <source>签发结论</source>
        <translation>Issue conclusion</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="101" />
        <source>导出纪要 DOCX</source>
        <translation>Export minutes (DOCX)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="102" />
        <source>导出纪要 PDF</source>
        <translation>Export minutes (PDF)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="106" />
        <source>会商组长</source>
        <translation>Chair</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="109" />
        <source>结论意见</source>
        <translation>Conclusion summary</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="132" />
        <source>（不建议级别）</source>
        <translation>(no level recommended)</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="203" />
        <source>已发起会商 </source>
        <translation>Consultation opened: </translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="218" />
        <source>已邀请 {n} 位专家</source>
        <translation>{n} expert(s) invited</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="226" />
        <source>已记录专家意见</source>
        <translation>Expert opinion recorded</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="236" />
        <source>结论已签发，并记入事件日志</source>
        <translation>Conclusion issued and recorded in the incident log</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="263" />
        <source>已导出 </source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="269" />
        <source>导出会商纪要</source>
        <translation>Export consultation minutes</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>不同意</source>
        <translation>Disagree</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>分级研判</source>
        <translation>Grading assessment</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>同意</source>
        <translation>Agree</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>技术咨询</source>
        <translation>Technical advice</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>提升级别</source>
        <translation>Raise the level</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>终止响应</source>
        <translation>Terminate the response</translation>
    </message>
    <message>
        <location filename="../consultations/panel.py" line="53" />
        <location filename="../consultations/panel.py" line="77" />
        <location filename="../consultations/panel.py" line="95" />
        <source>降低级别</source>
        <translation>Lower the level</translation>
    </message>
</context>
<context>
    <name>ControllerWindow</name>
    <message>
        <location filename="../drills/controller.py" line="61" />
        <source>导调台（演练）— </source>
        <translation>Exercise control (drill) — </translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="70" />
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="71" />
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="72" />
        <source>继续</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="73" />
        <source>结束演练</source>
        <translation>End drill</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="79" />
        <source>倍速</source>
        <translation>Speed</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="87" />
        <source>注入（控制信息）</source>
        <translation>Injects (control messages)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="90" />
        <location filename="../drills/controller.py" line="102" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="90" />
        <source>阶段</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="90" />
        <source>注入</source>
        <translation>Inject</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="90" />
        <source>计划</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="91" />
        <location filename="../drills/controller.py" line="103" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="91" />
        <location filename="../drills/controller.py" line="102" />
        <source>发出</source>
        <translation>Released</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="96" />
        <source>立即发出所选注入</source>
        <translation>Release the selected inject now</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="99" />
        <location filename="../drills/controller.py" line="102" />
        <source>预期行动</source>
        <translation>Expected actions</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="102" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="103" />
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="110" />
        <source>评估记录</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="116" />
        <source>达标</source>
        <translation>Met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="116" />
        <source>部分达标</source>
        <translation>Partly met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="116" />
        <source>未达标</source>
        <translation>Not met</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="119" />
        <source>评估意见</source>
        <translation>Evaluator's comment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="120" />
        <source>保存评定</source>
        <translation>Save rating</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="121" />
        <source>评估项</source>
        <translation>Evaluation item</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="127" />
        <location filename="../drills/controller.py" line="129" />
        <source>现场点评</source>
        <translation>Hot wash</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="128" />
        <source>记录点评</source>
        <translation>Record comment</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="133" />
        <source>存在问题</source>
        <translation>Issue found</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="135" />
        <source>整改措施</source>
        <translation>Corrective action</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="137" />
        <source>责任单位</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="139" />
        <source>完成期限，如 2026-12-31</source>
        <translation>Due date, e.g. 2026-12-31</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="140" />
        <source>添加整改项</source>
        <translation>Add corrective action</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="141" />
        <source>改进计划</source>
        <translation>Improvement plan</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="152" />
        <source>导调结束演练</source>
        <translation>Drill ended by the exercise controller</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="188" />
        <source>演练推进出错：</source>
        <translation>Error while advancing the drill: </translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="197" />
        <source>请先选择要发出的注入</source>
        <translation>Select the inject to release first</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="204" />
        <location filename="../drills/controller.py" line="214" />
        <location filename="../drills/controller.py" line="223" />
        <source>演练尚未开始</source>
        <translation>The drill has not started</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="208" />
        <location filename="../drills/controller.py" line="226" />
        <source>评估员</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="217" />
        <source>点评人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="238" />
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="240" />
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="242" />
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="244" />
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>已发出</source>
        <translation>Released</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>已完成（超时）</source>
        <translation>Done (late)</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>已按时完成</source>
        <translation>Done on time</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>已超时未完成</source>
        <translation>Overdue, not done</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>待发出</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>待完成</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="247" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../drills/controller.py" line="259" />
        <location filename="../drills/controller.py" line="268" />
        <source>等待触发</source>
        <translation>Awaiting trigger</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../widgets/common.py" line="30" />
        <source>逾期 {h}:{m:02d}</source>
        <translation>Overdue {h}:{m:02d}</translation>
    </message>
    <message>
        <location filename="../widgets/common.py" line="36" />
        <source>{d}天 </source>
        <translation>{d} d </translation>
    </message>
</context>
<context>
    <name>DeadlineList</name>
    <message>
        <location filename="../incidents/panels.py" line="243" />
        <source>倒计时</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="243" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
</context>
<context>
    <name>DutyLogPanel</name>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="40" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="41" />
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="41" />
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="42" />
        <source>记入当前事件</source>
        <translation>Log to the current incident</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="45" />
        <source>记录</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="47" />
        <source>值守记录</source>
        <translation>Duty log entry</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="54" />
        <source>交接班</source>
        <translation>Shift handover</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="59" />
        <source>交接</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="62" />
        <source>交班人</source>
        <translation>Outgoing officer</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="63" />
        <source>接班人</source>
        <translation>Incoming officer</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="64" />
        <source>班次</source>
        <translation>Shift</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="65" />
        <source>交接内容</source>
        <translation>Handover notes</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="66" />
        <source>未结事项</source>
        <translation>Open items</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="93" />
        <source>全中心</source>
        <translation>Centre-wide</translation>
    </message>
    <message>
        <location filename="../duty/panel.py" line="117" />
        <source>已记录：</source>
        <translation>Logged: </translation>
    </message>
</context>
<context>
    <name>ExpertsPanel</name>
    <message>
        <location filename="../experts/panel.py" line="35" />
        <source>全部专业</source>
        <translation>All specialties</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="39" />
        <source>只看可参会</source>
        <translation>Available only</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="44" />
        <source>设置所选专家状态</source>
        <translation>Set the selected expert's availability</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="46" />
        <source>导入（CSV/XLSX）</source>
        <translation>Import (CSV/XLSX)</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="47" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="51" />
        <source>专业</source>
        <translation>Specialty</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>专业领域</source>
        <translation>Specialties</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="59" />
        <source>工作单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>职称</source>
        <translation>Professional title</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>可用状态</source>
        <translation>Availability</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="60" />
        <source>所在地</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="86" />
        <source>请先选择一位专家</source>
        <translation>Select an expert first</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="91" />
        <source>{name} 的状态已设为「{state}」</source>
        <translation>{name}: availability set to “{state}”</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="100" />
        <source>已导入 {n} 位专家</source>
        <translation>{n} expert(s) imported</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="109" />
        <source>已导出 {n} 位专家</source>
        <translation>{n} expert(s) exported</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="113" />
        <source>导入专家库</source>
        <translation>Import the expert roster</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="118" />
        <source>导出专家库</source>
        <translation>Export the expert roster</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>不可用</source>
        <translation>Unavailable</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床医学</source>
        <translation>Clinical medicine</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床毒理</source>
        <translation>Clinical toxicology</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>临床药学</source>
        <translation>Clinical pharmacy</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>医疗器械</source>
        <translation>Medical devices</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>可参会</source>
        <translation>Available</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>外出</source>
        <translation>Away</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>检验检测</source>
        <translation>Testing and inspection</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>法律</source>
        <translation>Law</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>流行病学</source>
        <translation>Epidemiology</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>舆情与公共传播</source>
        <translation>Public opinion and communication</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>药品不良反应监测</source>
        <translation>Adverse drug reaction monitoring</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>药品质量</source>
        <translation>Drug quality</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>营养与食品卫生</source>
        <translation>Nutrition and food hygiene</translation>
    </message>
    <message>
        <location filename="../experts/panel.py" line="37" />
        <location filename="../experts/panel.py" line="43" />
        <source>食品安全</source>
        <translation>Food safety</translation>
    </message>
</context>
<context>
    <name>FactsForm</name>
    <message>
        <location filename="../incidents/facts_form.py" line="72" />
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="74" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="75" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="94" />
        <source>整数</source>
        <translation>integer</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="94" />
        <source>数值</source>
        <translation>number</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="157" />
        <source>「{label}」必须是整数，而不是「{text}」</source>
        <translation>“{label}” must be an integer, not “{text}”</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="162" />
        <source>「{label}」必须是数值，而不是「{text}」</source>
        <translation>“{label}” must be a number, not “{text}”</translation>
    </message>
    <message>
        <location filename="../incidents/facts_form.py" line="172" />
        <source>「{label}」为必填项</source>
        <translation>“{label}” is required</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <location filename="../incidents/panels.py" line="296" />
        <source>请在列表或地图上选择事件</source>
        <translation>Select an incident in the list or on the map</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="311" />
        <source>分级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="319" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="321" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="323" />
        <source>影响半径…</source>
        <translation>Affected radius…</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="332" />
        <source>可执行的预案事件</source>
        <translation>Plan events you may fire</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="344" />
        <source>任务（按责任单位）</source>
        <translation>Tasks (by responsible unit)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="346" />
        <source>期限（倒计时）</source>
        <translation>Deadlines (countdown)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="366" />
        <source>保存事实（续报信息）</source>
        <translation>Save facts (update)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="374" />
        <source>放弃我的修改</source>
        <translation>Discard my edits</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="386" />
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="387" />
        <source>事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="434" />
        <source>预案：{plan}</source>
        <translation>Plan: {plan}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="435" />
        <source>当前：{path}</source>
        <translation>Now: {path}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="435" />
        <source>（已结案）</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="436" />
        <source>接报：{t}　地点：{place}</source>
        <translation>Received: {t}   Place: {place}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="442" />
        <source>任务（按责任单位，未完成 {n} 项）</source>
        <translation>Tasks (by responsible unit, {n} open)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="452" />
        <source>当前级别：{level}</source>
        <translation>Current level: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="455" />
        <source>认定：{basis}，{actor} {t}；理由：{reason}</source>
        <translation>Decided: {basis}, {actor} {t}; reason: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="459" />
        <source>依据：{reason}</source>
        <translation>Basis: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="466" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="468" />
        <source>命中规则：{rule}</source>
        <translation>Matched rule: {rule}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="472" />
        <source>升级：{title}（{base} → {level}）</source>
        <translation>Raised: {title} ({base} → {level})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="477" />
        <source>同时符合：{rules}</source>
        <translation>Also matched: {rules}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="480" />
        <source>已填事实未达到任何分级规则</source>
        <translation>The facts so far match no grading rule</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="482" />
        <source>当前级别与建议不一致，请会商后认定</source>
        <translation>The current level differs from the suggestion: consult, then decide</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="500" />
        <source>执行「{title}」</source>
        <translation>Fire “{title}”</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="514" />
        <source>当前没有可执行的预案事件</source>
        <translation>No plan event can be fired now</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="514" />
        <source>事件已结案</source>
        <translation>The incident is closed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="547" />
        <source>{who}更新了事实：{labels}。您未保存的修改（{mine}）已保留：保存将以您的修改为准，或点「放弃我的修改」采用最新数据。</source>
        <translation>{who} updated facts: {labels}. Your unsaved edits ({mine}) are kept: saving keeps your values; or click “Discard my edits” to take the latest data.</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="558" />
        <source>其他席位</source>
        <translation>another seat</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="563" />
        <source>{names}（{t}）</source>
        <translation>{names} ({t})</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="597" />
        <source>已拒绝：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="612" />
        <source>未执行：该事件刚被其他席位更新，已显示最新状态，请确认后重试</source>
        <translation>Not done: the incident was just updated at another seat; the latest state is shown, please check and try again</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="615" />
        <source>未执行：在您查看之后，{changes}。已显示最新状态，请确认后再操作</source>
        <translation>Not done: since you looked, {changes}. The latest state is shown; please check before acting</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="620" />
        <source>确认：{title}</source>
        <translation>Confirm: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="621" />
        <source>已取消：{title}</source>
        <translation>Cancelled: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="623" />
        <source>已执行：{title}</source>
        <translation>Done: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="636" />
        <source>事件将被排除，不再按本预案处置</source>
        <translation>the incident will be dismissed and no longer handled under this plan</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="637" />
        <source>将降低响应级别或转为非级别处置</source>
        <translation>the response will be lowered or turned into non-graded handling</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="638" />
        <source>将终止应急响应</source>
        <translation>the emergency response will be terminated</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="639" />
        <location filename="../incidents/panels.py" line="640" />
        <source>事件将结案</source>
        <translation>the incident will be closed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="642" />
        <source>；结案后不能再更改，未完成的任务和期限不再跟踪</source>
        <translation>; once closed it cannot be changed, and open tasks and deadlines are no longer tracked</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="644" />
        <source>（尚有 {n} 项任务未完成）</source>
        <translation> ({n} tasks still open)</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="645" />
        <source>确定要「{title}」吗？{what}{tasks}。此操作会记入事件日志。</source>
        <translation>Really “{title}”? {what}{tasks}. This is recorded in the incident log.</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="651" />
        <source>确定执行</source>
        <translation>Do it</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="652" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="665" />
        <source>任务已完成：{title}</source>
        <translation>Task completed: {title}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="670" />
        <source>级别已认定为 {level}</source>
        <translation>Level decided: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="678" />
        <source>有 {n} 项事实填写有误，未保存</source>
        <translation>{n} fact(s) are invalid; nothing was saved</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="682" />
        <source>事实没有改动</source>
        <translation>The facts are unchanged</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="684" />
        <source>已保存 {n} 项事实</source>
        <translation>{n} fact(s) saved</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <location filename="../incidents/panels.py" line="58" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="58" />
        <source>事件名称</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="58" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="59" />
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="67" />
        <source>显示已结案</source>
        <translation>Show closed</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="110" />
        <source>未分级</source>
        <translation>Ungraded</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="117" />
        <source>接报：{t}</source>
        <translation>Received: {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="126" />
        <source>有逾期的期限</source>
        <translation>Has overdue deadlines</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="133" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="53" />
        <source>认定事件级别</source>
        <translation>Decide the incident level</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="58" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="60" />
        <source>依据规则：{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="68" />
        <source>不分级（非级别事件）</source>
        <translation>Not graded (below the levels)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="76" />
        <source>必填：认定的理由，如“经专家会商核定”“市政府决定”</source>
        <translation>Required: the reason, e.g. “confirmed by the expert consultation”</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="79" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="80" />
        <source>认定依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="81" />
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="92" />
        <source>请填写认定级别的理由</source>
        <translation>Give the reason for the level</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../auth/login.py" line="34" />
        <source>登录 — 食品药品安全应急指挥台</source>
        <translation>Sign in — Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="40" />
        <source>登录名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="41" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="43" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="51" />
        <source>数据库：{0}</source>
        <translation>Database: {0}</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="53" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="54" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../auth/login.py" line="77" />
        <source>请输入登录名和密码</source>
        <translation>Enter the user name and password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="85" />
        <source>食品药品安全应急指挥台</source>
        <translation>Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="86" />
        <source>（演练）</source>
        <translation> (DRILL)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="100" />
        <source>已关闭</source>
        <translation>switched off</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="108" />
        <source>事件列表</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="110" />
        <source>事件处置</source>
        <translation>Incident handling</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="130" />
        <source>演练 · DRILL — 本窗口中的事件均为演练，不是真实事件</source>
        <translation>DRILL — every incident in this window is an exercise, not a real event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="309" />
        <source>记录逾期期限失败：{reason}</source>
        <translation>Could not record missed deadlines: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="353" />
        <source>地图不可用：{reason}</source>
        <translation>Map unavailable: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="372" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="373" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="375" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376" />
        <source>事件(&amp;E)</source>
        <translation>&amp;Incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377" />
        <source>接报新事件…</source>
        <translation>Receive a new incident…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="378" />
        <source>执行主要预案事件</source>
        <translation>Fire the main plan event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="379" />
        <source>保存事实</source>
        <translation>Save facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="380" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="381" />
        <source>更新事实</source>
        <translation>Update facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="382" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="383" />
        <source>设置影响半径…</source>
        <translation>Set affected radius…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="384" />
        <source>上一起事件</source>
        <translation>Previous incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385" />
        <source>下一起事件</source>
        <translation>Next incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="386" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="388" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="389" />
        <source>定位到事件列表</source>
        <translation>Go to the incident list</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="390" />
        <source>定位到地图</source>
        <translation>Go to the map</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="391" />
        <source>恢复默认布局</source>
        <translation>Restore the default layout</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="392" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393" />
        <location filename="../main_window.py" line="581" />
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="398" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="398" />
        <source>实战</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="403" />
        <location filename="../main_window.py" line="427" />
        <source>用户：{user}（{role}）</source>
        <translation>User: {user} ({role})</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="406" />
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="430" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="432" />
        <source>逾期 {n} 起</source>
        <translation>{n} overdue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="461" />
        <source>位置在辖区外</source>
        <translation>Outside the jurisdiction</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="462" />
        <source>该位置（{lat:.5f}, {lon:.5f}）不在{name}辖区内。仍要在此处接报吗？</source>
        <translation>The point ({lat:.5f}, {lon:.5f}) is outside {name}. Receive an incident here anyway?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="481" />
        <source>接报失败：{reason}</source>
        <translation>Could not receive the incident: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="487" />
        <source>已接报：{id} {title}</source>
        <translation>Received: {id} {title}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="491" />
        <location filename="../main_window.py" line="531" />
        <location filename="../main_window.py" line="538" />
        <source>请先选择事件</source>
        <translation>Select an incident first</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="506" />
        <source>设置已保存；语言、瓦片服务、用户和角色在重新启动后生效</source>
        <translation>Settings saved; language, tile server, user and role apply at the next start</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="534" />
        <source>在地图上依次单击影响范围的各个顶点，双击结束，Esc 取消</source>
        <translation>Click the corners of the affected area on the map; double-click to finish, Esc to cancel</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="540" />
        <source>影响半径</source>
        <translation>Affected radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="540" />
        <source>以事发地为中心的影响半径（公里）：</source>
        <translation>Radius around the incident (km):</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="548" />
        <source>该事件没有位置，无法设置影响半径</source>
        <translation>The incident has no position; cannot set a radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="562" />
        <source>影响范围未保存：{reason}</source>
        <translation>Affected area not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="565" />
        <source>影响范围已记录</source>
        <translation>Affected area recorded</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="601" />
        <source>地图不可用：{reason}；其余功能不受影响</source>
        <translation>Map unavailable: {reason}; the rest of the console works</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316" />
        <source>观察席：只读查看，不能更改事件</source>
        <translation>Observer seat: read-only, incidents cannot be changed</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="42" />
        <source>数据库状态</source>
        <translation>Database status</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="69" />
        <source>数据库暂时无法访问：显示的数据可能自 {at} 起已过时，未保存的输入仍保留在窗口中；恢复连接后将自动刷新。（{reason}）</source>
        <translation>The database cannot be reached: what is shown may be out of date since {at}; unsaved input stays in the window. It refreshes by itself once the connection is back. ({reason})</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="82" />
        <source>数据库已恢复连接，已刷新</source>
        <translation>The database is back; refreshed</translation>
    </message>
    <message>
        <location filename="../widgets/outage.py" line="117" />
        <source>程序内部错误（已记录）：{0}</source>
        <translation>Internal error (logged): {0}</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="17" />
        <source>演练与复盘</source>
        <translation>&amp;Drills and review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="18" />
        <source>开始演练…</source>
        <translation>Start a drill…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="21" />
        <source>复盘所选事件…</source>
        <translation>Review the selected incident…</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="36" />
        <source>选择演练脚本</source>
        <translation>Choose a drill scenario</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="37" />
        <source>演练脚本 (*.yaml)</source>
        <translation>Drill scenarios (*.yaml)</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="43" />
        <source>无法开始演练：{0}</source>
        <translation>Cannot start the drill: {0}</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="56" />
        <source>没有可复盘的事件</source>
        <translation>No incident to review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="58" />
        <source>复盘</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../drills/menu.py" line="58" />
        <source>选择事件</source>
        <translation>Choose an incident</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="96" />
        <source>同步：正常</source>
        <translation>Sync: OK</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="96" />
        <source>同步：重新连接中…</source>
        <translation>Sync: reconnecting…</translation>
    </message>
    <message>
        <location filename="../sync/live.py" line="97" />
        <source>同步：已停止</source>
        <translation>Sync: stopped</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="66" />
        <source>信息报送</source>
        <translation>Reporting</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="68" />
        <source>专家会商</source>
        <translation>Expert consultation</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="70" />
        <source>应急物资</source>
        <translation>Emergency supplies</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="72" />
        <source>应急值守</source>
        <translation>Duty watch</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="74" />
        <source>专家库</source>
        <translation>Expert roster</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="102" />
        <source>部分面板未能加载：{reason}</source>
        <translation>Some panels could not be loaded: {reason}</translation>
    </message>
    <message>
        <location filename="../wiring.py" line="120" />
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
</context>
<context>
    <name>MapLabels</name>
    <message>
        <location filename="../map/labels.py" line="15" />
        <source>行政区划</source>
        <translation>Boundaries</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="16" />
        <source>乡镇（街道）</source>
        <translation>Townships</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="17" />
        <source>影响范围</source>
        <translation>Affected area</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="18" />
        <source>调运路线</source>
        <translation>Dispatch routes</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="19" />
        <source>监管对象</source>
        <translation>Regulated entities</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="20" />
        <source>储备库</source>
        <translation>Reserve depots</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="21" />
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="22" />
        <source>图例</source>
        <translation>Legend</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="23" />
        <source>事件等级</source>
        <translation>Incident level</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="24" />
        <source>Ⅰ级（特别重大）</source>
        <translation>Level I (extraordinary)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="25" />
        <source>Ⅱ级（重大）</source>
        <translation>Level II (major)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="26" />
        <source>Ⅲ级（较大）</source>
        <translation>Level III (large)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="27" />
        <source>Ⅳ级（一般）</source>
        <translation>Level IV (general)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="28" />
        <source>未分级</source>
        <translation>Ungraded</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="29" />
        <source>超时未处置（闪烁）</source>
        <translation>Overdue (blinking)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="30" />
        <source>资源与范围</source>
        <translation>Resources and areas</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="31" />
        <source>储备库（大小=库存量）</source>
        <translation>Reserve depot (size = stock)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="32" />
        <source>调运路线（预计到达）</source>
        <translation>Dispatch route (ETA)</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="33" />
        <source>食品生产</source>
        <translation>Food production</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="34" />
        <source>食品经营</source>
        <translation>Food trade</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="35" />
        <source>餐饮服务</source>
        <translation>Catering</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="36" />
        <source>药品生产</source>
        <translation>Drug production</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="37" />
        <source>药品经营</source>
        <translation>Drug trade</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="38" />
        <source>药品使用</source>
        <translation>Drug use</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="39" />
        <source>医疗器械</source>
        <translation>Medical devices</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="40" />
        <source>化妆品</source>
        <translation>Cosmetics</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="41" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="42" />
        <source>总库存：</source>
        <translation>Total stock: </translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="43" />
        <source>预计</source>
        <translation>ETA</translation>
    </message>
    <message>
        <location filename="../map/labels.py" line="44" />
        <source>已超时</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="108" />
        <source>接报：新建事件</source>
        <translation>Receive: new incident</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="118" />
        <source>如：某小学食堂午餐后多名学生腹痛</source>
        <translation>e.g. Pupils ill after lunch at a school canteen</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="121" />
        <source>（未定位）</source>
        <translation>(no position)</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="122" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="123" />
        <source>事件名称 *</source>
        <translation>Incident title *</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="125" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="126" />
        <source>坐标</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="128" />
        <source>接报时掌握的事实：</source>
        <translation>Facts known at receipt:</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="135" />
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="154" />
        <source>请填写事件名称</source>
        <translation>Give the incident a title</translation>
    </message>
</context>
<context>
    <name>ReportsPanel</name>
    <message>
        <location filename="../reports/panel.py" line="57" />
        <source>新建报告草稿</source>
        <translation>New draft report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="60" />
        <source>报告类型</source>
        <translation>Report type</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="64" />
        <source>报告编号</source>
        <translation>Report No.</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="64" />
        <location filename="../reports/panel.py" line="67" />
        <source>报告</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="64" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="64" />
        <source>报送时间</source>
        <translation>Submitted at</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="65" />
        <source>报送人</source>
        <translation>Submitted by</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="65" />
        <source>内容摘要 SHA-256</source>
        <translation>Content digest (SHA-256)</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="67" />
        <location filename="../reports/panel.py" line="95" />
        <source>报送期限</source>
        <translation>Reporting deadlines</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="67" />
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="67" />
        <source>倒计时</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="75" />
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="76" />
        <source>报送</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="77" />
        <source>新建更正版本</source>
        <translation>New corrected version</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="78" />
        <source>导出 DOCX</source>
        <translation>Export DOCX</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="79" />
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="93" />
        <source>报告登记簿</source>
        <translation>Report register</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="167" />
        <source>选择或新建一份报告</source>
        <translation>Select or create a report</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="254" />
        <source>已按事件事实与日志预填草稿</source>
        <translation>Draft prefilled from the incident's facts and log</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="269" />
        <source>草稿已保存</source>
        <translation>Draft saved</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="287" />
        <source>已报送，内容摘要 SHA-256：</source>
        <translation>Submitted; content digest (SHA-256): </translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="302" />
        <source>已新建更正版本，修改后报送</source>
        <translation>Corrected version created: edit it, then submit</translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="318" />
        <source>已导出 </source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../reports/panel.py" line="324" />
        <source>导出报告</source>
        <translation>Export report</translation>
    </message>
</context>
<context>
    <name>ReservesPanel</name>
    <message>
        <location filename="../reserves/panel.py" line="109" />
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="109" />
        <location filename="../reserves/panel.py" line="158" />
        <location filename="../reserves/panel.py" line="192" />
        <source>储备库</source>
        <translation>Reserve depot</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="109" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="109" />
        <source>储备方式</source>
        <translation>Reserve mode</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="110" />
        <source>保管人</source>
        <translation>Custodian</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="110" />
        <source>物资种类</source>
        <translation>Item types</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="110" />
        <source>可用合计</source>
        <translation>Available total</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="110" />
        <source>就绪率</source>
        <translation>Readiness</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="111" />
        <source>短编号</source>
        <translation>Short ID</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="111" />
        <source>物资名称</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="111" />
        <source>批号</source>
        <translation>Lot No.</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="111" />
        <location filename="../reserves/panel.py" line="180" />
        <location filename="../reserves/panel.py" line="192" />
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="112" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="112" />
        <source>有效期至</source>
        <translation>Expires</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="116" />
        <source>储备库与库存</source>
        <translation>Depots and stock</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="122" />
        <source>临期天数</source>
        <translation>Expiring within (days)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="132" />
        <source>库存预警</source>
        <translation>Stock alerts</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="136" />
        <source>各储备库就绪率</source>
        <translation>Readiness by depot</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="137" />
        <source>各类物资就绪率</source>
        <translation>Readiness by category</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="143" />
        <source>就绪率（可用 ÷ 最低储备，封顶 1）</source>
        <translation>Readiness (available ÷ minimum reserve, capped at 1)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="147" />
        <source>储备就绪度</source>
        <translation>Reserve readiness</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="153" />
        <location filename="../reserves/panel.py" line="189" />
        <location filename="../reserves/panel.py" line="192" />
        <source>物资</source>
        <translation>Supplies</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="164" />
        <source>库存数量</source>
        <translation>Stock quantity</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="169" />
        <source>库存变化</source>
        <translation>Stock history</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="175" />
        <source>新申请：物资</source>
        <translation>New request: item</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="184" />
        <source>提交申请（送至当前事件现场）</source>
        <translation>Submit request (deliver to the current incident's site)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="188" />
        <source>申请编号</source>
        <translation>Request No.</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="188" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="188" />
        <source>事件</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="188" />
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="189" />
        <source>送达地点</source>
        <translation>Deliver to</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="192" />
        <source>批次</source>
        <translation>Lot</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="193" />
        <source>预计到达（分钟）</source>
        <translation>ETA (min)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="196" />
        <source>调拨方案（数量可修改）</source>
        <translation>Dispatch plan (quantities can be edited)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="203" />
        <source>保留各库最低储备</source>
        <translation>Keep each depot's minimum reserve</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="204" />
        <source>只调拨各储备库超出最低储备的部分，避免乡镇储备点被调空</source>
        <translation>Dispatch only what each depot holds above its minimum reserve, so township reserve points are not emptied</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="205" />
        <source>生成调拨方案</source>
        <translation>Propose dispatch plan</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="206" />
        <source>批准并出库</source>
        <translation>Approve and issue</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="207" />
        <source>驳回</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="208" />
        <source>登记送达</source>
        <translation>Record delivery</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="209" />
        <source>已批准出库的物资送到现场后登记：预案的物资调用时限据此判定是否按时</source>
        <translation>Record when approved supplies reach the site: the plan's supply deadline is judged met or missed by it</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="211" />
        <source>驳回原因（必填）</source>
        <translation>Reason for rejection (required)</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="220" />
        <source>物资申请与调拨</source>
        <translation>Requests and dispatch</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="264" />
        <source>事件已被他人更新，请刷新后重试</source>
        <translation>Someone else has changed the incident; refresh and try again</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="321" />
        <source>过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="321" />
        <source>临期</source>
        <translation>Expiring</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="321" />
        <source>低于最低储备</source>
        <translation>Below minimum reserve</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="358" />
        <source>全部储备库</source>
        <translation>All depots</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="431" />
        <location filename="../reserves/panel.py" line="461" />
        <location filename="../reserves/panel.py" line="476" />
        <location filename="../reserves/panel.py" line="488" />
        <source>请先选择一条物资申请</source>
        <translation>Select a supply request first</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="436" />
        <source>已生成调拨方案：共 {0} 行，总运输量×时间 {1:.0f}</source>
        <translation>Dispatch plan proposed: {0} line(s), total quantity × time {1:.0f}</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="449" />
        <source>第 {0} 行的数量「{1}」不是整数</source>
        <translation>Row {0}: the quantity “{1}” is not an integer</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="471" />
        <source>已批准 {0}，已登记出库 {1} 行</source>
        <translation>{0} approved; {1} line(s) issued from stock</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="482" />
        <source>已驳回 {0}</source>
        <translation>{0} rejected</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="493" />
        <source>已登记 {0} 的物资送达</source>
        <translation>Delivery of {0} recorded</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="498" />
        <source>请先在事件列表中选择事件：申请的物资送至该事件现场</source>
        <translation>Select an incident in the incident list first: the supplies go to its site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="502" />
        <source>现场追加物资</source>
        <translation>Additional supplies for the site</translation>
    </message>
    <message>
        <location filename="../reserves/panel.py" line="506" />
        <source>已提交物资申请 {0}</source>
        <translation>Supply request {0} submitted</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../review/window.py" line="48" />
        <source>【演练】</source>
        <translation>[DRILL] </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="49" />
        <source>复盘 — </source>
        <translation>After-action review — </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="63" />
        <location filename="../review/window.py" line="197" />
        <source>播放</source>
        <translation>Play</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="68" />
        <source>导出 DOCX</source>
        <translation>Export DOCX</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="69" />
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="77" />
        <source>态势</source>
        <translation>Situation</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="86" />
        <source>未完成任务</source>
        <translation>Open tasks</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="90" />
        <source>报告与超时</source>
        <translation>Reports and overruns</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="94" />
        <source>已发出的注入</source>
        <translation>Released injects</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="94" />
        <source>记录</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="110" />
        <source>关键指标（对照预案时限）</source>
        <translation>Key measures (against the plan's time limits)</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="113" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="113" />
        <source>时限</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="113" />
        <source>实际用时</source>
        <translation>Time taken</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="113" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="145" />
        <source>状态：</source>
        <translation>State: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="146" />
        <source>级别：</source>
        <translation>Level: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="148" />
        <source>储备库存：</source>
        <translation>Reserve stock: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="148" />
        <source>个品种，合计 </source>
        <translation>items, total </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="151" />
        <source>储备库存：无台账</source>
        <translation>Reserve stock: no ledger</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="157" />
        <source>（已超时）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="160" />
        <source>已报 </source>
        <translation>Reported: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="162" />
        <source>超时 </source>
        <translation>Overdue: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="202" />
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../review/window.py" line="227" />
        <source>已导出：</source>
        <translation>Exported: </translation>
    </message>
    <message>
        <location filename="../review/window.py" line="231" />
        <source>导出总结报告</source>
        <translation>Export the summary report</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../incidents/dialogs.py" line="176" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="194" />
        <source>留空：本机内置数据库；多席位共用：postgresql://用户@服务器/库名</source>
        <translation>Empty: the built-in database of this computer; shared by several consoles: postgresql://user@server/dbname</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="196" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="197" />
        <source>内部瓦片服务 URL</source>
        <translation>Internal tile server URL</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="199" />
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="201" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="202" />
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="206" />
        <source>界面语言、瓦片服务和数据库在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。</source>
        <translation>Language, tile server and database apply at the next start. Without a tile URL the basemap is the administrative boundaries only (fully offline).</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="227" />
        <source>数据库应为 SQLite 文件（*.sqlite3）或 postgresql://… 地址</source>
        <translation>The database must be a SQLite file (*.sqlite3) or a postgresql://… address</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="221" />
        <source>瓦片 URL 必须以 http:// 或 https:// 开头，并包含 {z}、{x}、{y}</source>
        <translation>The tile URL must start with http:// or https:// and contain {z}, {x} and {y}</translation>
    </message>
    <message>
        <location filename="../incidents/dialogs.py" line="223" />
        <source>请填写用户名</source>
        <translation>Give a user name</translation>
    </message>
</context>
<context>
    <name>TaskTree</name>
    <message>
        <location filename="../incidents/panels.py" line="181" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="181" />
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="199" />
        <source>未完成 {n}/{m}</source>
        <translation>{n}/{m} open</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="213" />
        <source>已完成 {t}</source>
        <translation>Done {t}</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="219" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../incidents/panels.py" line="233" />
        <source>时限 {t}</source>
        <translation>Due {t}</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../timeline/panel.py" line="287" />
        <source>按责任单位筛选</source>
        <translation>Filter by responsible unit</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="290" />
        <source>按操作人筛选</source>
        <translation>Filter by operator</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="292" />
        <location filename="../timeline/panel.py" line="600" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="294" />
        <location filename="../timeline/panel.py" line="596" />
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="296" />
        <source>全部</source>
        <translation>Show all</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="298" />
        <location filename="../timeline/panel.py" line="321" />
        <source>现在</source>
        <translation>Now</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="304" />
        <source>色块为期限窗口（起算→截止）；粗线为完成（绿）或逾期（红）的时刻</source>
        <translation>Bars are deadline windows (start → due); a thick line marks completion (green) or overrun (red)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="324" />
        <source>演练 DRILL</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="331" />
        <source>点击时间线上的事项查看详情（发生时间与记录时间）</source>
        <translation>Click an item on the timeline for its details (when it happened and when it was recorded)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="397" />
        <source>正在载入 {n} 条记录的详情……</source>
        <translation>Loading the details of {n} records…</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="408" />
        <source>时间线载入失败：{e}</source>
        <translation>The timeline failed to load: {e}</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="451" />
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="453" />
        <source>全部人员</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="594" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="594" />
        <location filename="../timeline/panel.py" line="602" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="595" />
        <source>发生时间</source>
        <translation>Happened at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="595" />
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="597" />
        <source>（未认证：写入时数据库尚无账号）</source>
        <translation> (unauthenticated: written before the database had accounts)</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="598" />
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="602" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="603" />
        <source>起算</source>
        <translation>Starts</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="603" />
        <source>截止</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="604" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="605" />
        <source>关闭时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>专家会商</source>
        <translation>Expert consultation</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>信息报送</source>
        <translation>Reporting</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>应急值守</source>
        <translation>Duty watch</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>应急物资</source>
        <translation>Emergency supplies</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>演练注入</source>
        <translation>Drill injects</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>状态与级别</source>
        <translation>State and level</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../timeline/panel.py" line="280" />
        <location filename="../timeline/panel.py" line="301" />
        <location filename="../timeline/panel.py" line="519" />
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>Watermark</name>
    <message>
        <location filename="../drills/watermark.py" line="17" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
</context>
</TS>