<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ConsoleSettings</name>
    <message>
        <location filename="../settings.py" line="56" />
        <source>无法解析</source>
        <extracomment>language code → the name shown in the settings dialog (in that language)</extracomment>
        <translation>cannot be parsed</translation>
    </message>
    <message>
        <location filename="../settings.py" line="67" />
        <source>不是 UTF-8 文本</source>
        <translation>not UTF-8 text</translation>
    </message>
    <message>
        <location filename="../settings.py" line="70" />
        <source>无法读取设置文件 {path}（{reason}），已使用默认设置。</source>
        <translation>Cannot read the settings file {path} ({reason}); using the defaults.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="75" />
        <source>第 {n} 行格式错误：{line}</source>
        <translation>line {n} is malformed: {line}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="84" />
        <source>原文件已另存为 {backup}</source>
        <translation>the original was kept as {backup}</translation>
    </message>
    <message>
        <location filename="../settings.py" line="86" />
        <source>原文件无法另存</source>
        <translation>the original could not be kept</translation>
    </message>
    <message>
        <location filename="../settings.py" line="87" />
        <source>设置文件 {path} 已损坏（{reason}），已恢复默认设置；{kept}。</source>
        <translation>The settings file {path} is damaged ({reason}); the defaults are in use; {kept}.</translation>
    </message>
    <message>
        <location filename="../settings.py" line="103" />
        <source>设置项「{key}」的值无效（{value}），已恢复默认值「{default}」。</source>
        <translation>The setting “{key}” has an invalid value ({value}); reset to the default “{default}”.</translation>
    </message>
</context>
<context>
    <name>Countdown</name>
    <message>
        <location filename="../panels/common.py" line="31" />
        <source>逾期 {h}:{m:02d}</source>
        <translation>Overdue {h}:{m:02d}</translation>
    </message>
    <message>
        <location filename="../panels/common.py" line="37" />
        <source>{d}天 </source>
        <translation>{d} d </translation>
    </message>
</context>
<context>
    <name>DeadlineList</name>
    <message>
        <location filename="../panels/incidents.py" line="235" />
        <source>倒计时</source>
        <translation>Time left</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="235" />
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
</context>
<context>
    <name>FactsForm</name>
    <message>
        <location filename="../panels/facts_form.py" line="68" />
        <source>（未填）</source>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="70" />
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="71" />
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="90" />
        <source>整数</source>
        <translation>integer</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="90" />
        <source>数值</source>
        <translation>number</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="125" />
        <source>「{label}」必须是整数，而不是「{text}」</source>
        <translation>“{label}” must be an integer, not “{text}”</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="130" />
        <source>「{label}」必须是数值，而不是「{text}」</source>
        <translation>“{label}” must be a number, not “{text}”</translation>
    </message>
    <message>
        <location filename="../panels/facts_form.py" line="140" />
        <source>「{label}」为必填项</source>
        <translation>“{label}” is required</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <location filename="../panels/incidents.py" line="284" />
        <source>请在列表或地图上选择事件</source>
        <translation>Select an incident in the list or on the map</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="299" />
        <source>分级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="307" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="309" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="311" />
        <source>影响半径…</source>
        <translation>Affected radius…</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="320" />
        <source>可执行的预案事件</source>
        <translation>Plan events you may fire</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="332" />
        <source>任务（按责任单位）</source>
        <translation>Tasks (by responsible unit)</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="334" />
        <source>期限（倒计时）</source>
        <translation>Deadlines (countdown)</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="354" />
        <source>保存事实（续报信息）</source>
        <translation>Save facts (update)</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="360" />
        <source>概况</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="361" />
        <source>事实</source>
        <translation>Facts</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="404" />
        <source>预案：{plan}</source>
        <translation>Plan: {plan}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="405" />
        <source>当前：{path}</source>
        <translation>Now: {path}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="405" />
        <source>（已结案）</source>
        <translation> (closed)</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="406" />
        <source>接报：{t}　地点：{place}</source>
        <translation>Received: {t}   Place: {place}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="412" />
        <source>任务（按责任单位，未完成 {n} 项）</source>
        <translation>Tasks (by responsible unit, {n} open)</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="422" />
        <source>当前级别：{level}</source>
        <translation>Current level: {level}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="425" />
        <source>认定：{basis}，{actor} {t}；理由：{reason}</source>
        <translation>Decided: {basis}, {actor} {t}; reason: {reason}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="428" />
        <source>依据：{reason}</source>
        <translation>Basis: {reason}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="435" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="437" />
        <source>命中规则：{rule}</source>
        <translation>Matched rule: {rule}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="441" />
        <source>升级：{title}（{base} → {level}）</source>
        <translation>Raised: {title} ({base} → {level})</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="445" />
        <source>同时符合：{rules}</source>
        <translation>Also matched: {rules}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="448" />
        <source>已填事实未达到任何分级规则</source>
        <translation>The facts so far match no grading rule</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="450" />
        <source>当前级别与建议不一致，请会商后认定</source>
        <translation>The current level differs from the suggestion: consult, then decide</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="468" />
        <source>执行「{title}」</source>
        <translation>Fire “{title}”</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="478" />
        <source>当前没有可执行的预案事件</source>
        <translation>No plan event can be fired now</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="478" />
        <source>事件已结案</source>
        <translation>The incident is closed</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="501" />
        <source>已拒绝：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="505" />
        <source>该事件刚被其他席位更新，已刷新，请确认后重试</source>
        <translation>Another console has just changed this incident; refreshed, please check and retry</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="515" />
        <source>已执行：{title}</source>
        <translation>Done: {title}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="525" />
        <source>任务已完成：{title}</source>
        <translation>Task completed: {title}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="530" />
        <source>级别已认定为 {level}</source>
        <translation>Level decided: {level}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="538" />
        <source>有 {n} 项事实填写有误，未保存</source>
        <translation>{n} fact(s) are invalid; nothing was saved</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="542" />
        <source>事实没有改动</source>
        <translation>The facts are unchanged</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="545" />
        <source>已保存 {n} 项事实</source>
        <translation>{n} fact(s) saved</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <location filename="../panels/incidents.py" line="51" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="51" />
        <source>事件名称</source>
        <translation>Incident</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="51" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="52" />
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="60" />
        <source>显示已结案</source>
        <translation>Show closed</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="103" />
        <source>未分级</source>
        <translation>Ungraded</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="110" />
        <source>接报：{t}</source>
        <translation>Received: {t}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="119" />
        <source>有逾期的期限</source>
        <translation>Has overdue deadlines</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="126" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
</context>
<context>
    <name>LevelDialog</name>
    <message>
        <location filename="../panels/dialogs.py" line="53" />
        <source>认定事件级别</source>
        <translation>Decide the incident level</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="58" />
        <source>系统建议：{level}</source>
        <translation>Suggested: {level}</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="60" />
        <source>依据规则：{rule}</source>
        <translation>Rule: {rule}</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="68" />
        <source>不分级（非级别事件）</source>
        <translation>Not graded (below the levels)</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="76" />
        <source>必填：认定的理由，如“经专家会商核定”“市政府决定”</source>
        <translation>Required: the reason, e.g. “confirmed by the expert consultation”</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="79" />
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="80" />
        <source>认定依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="81" />
        <source>理由 *</source>
        <translation>Reason *</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="92" />
        <source>请填写认定级别的理由</source>
        <translation>Give the reason for the level</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="76" />
        <source>食品药品安全应急指挥台</source>
        <translation>Food &amp; Drug Safety Emergency Command Console</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="77" />
        <source>（演练）</source>
        <translation> (DRILL)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>已关闭</source>
        <translation>switched off</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="98" />
        <source>事件列表</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="100" />
        <source>事件处置</source>
        <translation>Incident handling</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="121" />
        <source>演练 · DRILL — 本窗口中的事件均为演练，不是真实事件</source>
        <translation>DRILL — every incident in this window is an exercise, not a real event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="261" />
        <source>记录逾期期限失败：{reason}</source>
        <translation>Could not record missed deadlines: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299" />
        <source>地图不可用：{reason}</source>
        <translation>Map unavailable: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="318" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="319" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="321" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="322" />
        <source>事件(&amp;E)</source>
        <translation>&amp;Incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="323" />
        <source>接报新事件…</source>
        <translation>Receive a new incident…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="324" />
        <source>执行主要预案事件</source>
        <translation>Fire the main plan event</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="325" />
        <source>保存事实</source>
        <translation>Save facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="326" />
        <source>认定级别…</source>
        <translation>Decide level…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="327" />
        <source>更新事实</source>
        <translation>Update facts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="328" />
        <source>绘制影响范围</source>
        <translation>Draw affected area</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="329" />
        <source>设置影响半径…</source>
        <translation>Set affected radius…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="330" />
        <source>上一起事件</source>
        <translation>Previous incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="331" />
        <source>下一起事件</source>
        <translation>Next incident</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="332" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="334" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="335" />
        <source>定位到事件列表</source>
        <translation>Go to the incident list</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="336" />
        <source>定位到地图</source>
        <translation>Go to the map</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="337" />
        <source>恢复默认布局</source>
        <translation>Restore the default layout</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="338" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="339" />
        <location filename="../main_window.py" line="539" />
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="344" />
        <source>演练</source>
        <translation>DRILL</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="344" />
        <source>实战</source>
        <translation>Live</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="349" />
        <location filename="../main_window.py" line="373" />
        <source>用户：{user}（{role}）</source>
        <translation>User: {user} ({role})</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="352" />
        <source>数据库：{db}</source>
        <translation>Database: {db}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376" />
        <source>处置中 {n} 起</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="378" />
        <source>逾期 {n} 起</source>
        <translation>{n} overdue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="407" />
        <source>位置在辖区外</source>
        <translation>Outside the jurisdiction</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="408" />
        <source>该位置（{lat:.5f}, {lon:.5f}）不在{name}辖区内。仍要在此处接报吗？</source>
        <translation>The point ({lat:.5f}, {lon:.5f}) is outside {name}. Receive an incident here anyway?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="426" />
        <source>接报失败：{reason}</source>
        <translation>Could not receive the incident: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="432" />
        <source>已接报：{id} {title}</source>
        <translation>Received: {id} {title}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="436" />
        <location filename="../main_window.py" line="476" />
        <location filename="../main_window.py" line="483" />
        <source>请先选择事件</source>
        <translation>Select an incident first</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="451" />
        <source>设置已保存；语言、瓦片服务、用户和角色在重新启动后生效</source>
        <translation>Settings saved; language, tile server, user and role apply at the next start</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="479" />
        <source>在地图上依次单击影响范围的各个顶点，双击结束，Esc 取消</source>
        <translation>Click the corners of the affected area on the map; double-click to finish, Esc to cancel</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="485" />
        <source>影响半径</source>
        <translation>Affected radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="485" />
        <source>以事发地为中心的影响半径（公里）：</source>
        <translation>Radius around the incident (km):</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="493" />
        <source>该事件没有位置，无法设置影响半径</source>
        <translation>The incident has no position; cannot set a radius</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="506" />
        <source>影响范围未保存：{reason}</source>
        <translation>Affected area not saved: {reason}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="510" />
        <source>影响范围已记录</source>
        <translation>Affected area recorded</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="562" />
        <source>地图不可用：{reason}；其余功能不受影响</source>
        <translation>Map unavailable: {reason}; the rest of the console works</translation>
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
        <location filename="../panels/dialogs.py" line="108" />
        <source>接报：新建事件</source>
        <translation>Receive: new incident</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="118" />
        <source>如：某小学食堂午餐后多名学生腹痛</source>
        <translation>e.g. Pupils ill after lunch at a school canteen</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="121" />
        <source>（未定位）</source>
        <translation>(no position)</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="122" />
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="123" />
        <source>事件名称 *</source>
        <translation>Incident title *</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="125" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="126" />
        <source>坐标</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="128" />
        <source>接报时掌握的事实：</source>
        <translation>Facts known at receipt:</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="135" />
        <source>接报</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="154" />
        <source>请填写事件名称</source>
        <translation>Give the incident a title</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../panels/dialogs.py" line="176" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="193" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="194" />
        <source>内部瓦片服务 URL</source>
        <translation>Internal tile server URL</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="196" />
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="198" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="200" />
        <source>界面语言和瓦片服务在重新启动指挥台后生效；留空瓦片 URL 则只显示行政区划底图（完全离线）。</source>
        <translation>Language and tile server apply at the next start. Without a tile URL the basemap is the administrative boundaries only (fully offline).</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="214" />
        <source>瓦片 URL 必须以 http:// 或 https:// 开头，并包含 {z}、{x}、{y}</source>
        <translation>The tile URL must start with http:// or https:// and contain {z}, {x} and {y}</translation>
    </message>
    <message>
        <location filename="../panels/dialogs.py" line="216" />
        <source>请填写用户名</source>
        <translation>Give a user name</translation>
    </message>
</context>
<context>
    <name>TaskTree</name>
    <message>
        <location filename="../panels/incidents.py" line="174" />
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="174" />
        <source>时限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="192" />
        <source>未完成 {n}/{m}</source>
        <translation>{n}/{m} open</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="205" />
        <source>已完成 {t}</source>
        <translation>Done {t}</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="211" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../panels/incidents.py" line="225" />
        <source>时限 {t}</source>
        <translation>Due {t}</translation>
    </message>
</context>
</TS>